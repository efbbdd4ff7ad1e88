import { EntityManager, ForeignKeyConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser, hasRole } from '@platform/auth';
import { ConflictError, ForbiddenError, NotFoundError, type Page } from '@platform/service-kit';
import { assertCanView } from '../courses/course-access';
import { OutlineService } from '../courses/outline.service';
import { Comment } from './comment.entity';

export interface CommentView {
  id: string;
  lessonId: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: string;
}

const view = (comment: Comment): CommentView => ({
  id: comment.id,
  lessonId: comment.lesson.id,
  authorId: comment.authorId,
  authorName: comment.authorName,
  body: comment.body,
  createdAt: comment.createdAt.toISOString(),
});

@Injectable()
export class CommentsService {
  constructor(
    private readonly em: EntityManager,
    private readonly outline: OutlineService,
  ) {}

  async list(lessonId: string, page: number, limit: number, user: AuthenticatedUser): Promise<Page<CommentView>> {
    assertCanView((await this.outline.lessonWithCourse(lessonId)).course, user);
    const [comments, total] = await this.em.findAndCount(
      Comment,
      { lesson: lessonId },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit, offset: (page - 1) * limit },
    );
    return { items: comments.map(view), total, page, limit };
  }

  /** Discussion happens on published courses only. */
  async create(lessonId: string, body: string, user: AuthenticatedUser): Promise<CommentView> {
    const { course, lesson } = await this.outline.lessonWithCourse(lessonId);
    assertCanView(course, user);
    if (course.status !== 'published') throw new ConflictError('Comments open when the course is published');
    const comment = new Comment(lesson, user.id, user.displayName || 'Learner', body);
    try {
      await this.em.persistAndFlush(comment);
    } catch (error) {
      // The lesson was deleted meanwhile.
      if (error instanceof ForeignKeyConstraintViolationException) throw new NotFoundError('Lesson', lessonId);
      throw error;
    }
    return view(comment);
  }

  /** The author, a moderator or an admin. */
  async delete(commentId: string, user: AuthenticatedUser): Promise<void> {
    const comment = await this.em.findOne(Comment, commentId);
    if (!comment) throw new NotFoundError('Comment', commentId);
    if (comment.authorId !== user.id && !hasRole(user, 'moderator', 'admin'))
      throw new ForbiddenError('Only the author or a moderator can delete this comment');
    await this.em.removeAndFlush(comment);
  }
}
