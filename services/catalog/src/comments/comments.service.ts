import { randomUUID } from 'node:crypto';
import { EntityManager, ForeignKeyConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser, hasRole } from '@platform/auth';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, type Page } from '@platform/service-kit';
import { assertCanView } from '../courses/course-access';
import { OutlineService } from '../courses/outline.service';
import { Comment } from './comment.entity';
import type { CommentView, QueuedCommentView } from './comment.views';

export type { CommentView, QueuedCommentView };

const COMMENTS_CLOSED = 'Comments open when the course is published';

const view = (comment: Comment): CommentView => ({
  id: comment.id,
  lessonId: comment.lesson.id,
  parentId: comment.parent?.id ?? null,
  authorId: comment.authorId,
  authorName: comment.authorName,
  body: comment.body,
  createdAt: comment.createdAt.toISOString(),
  editedAt: comment.editedAt?.toISOString() ?? null,
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

  /** Discussion happens on published courses only; a reply answers a top-level comment of the same lesson. */
  async create(
    lessonId: string,
    body: string,
    parentId: string | undefined,
    user: AuthenticatedUser,
  ): Promise<CommentView> {
    const { course, lesson } = await this.outline.lessonWithCourse(lessonId);
    assertCanView(course, user);
    if (course.status !== 'published') throw new ConflictError(COMMENTS_CLOSED);
    const comment = new Comment(lesson, user.id, user.displayName || 'Learner', body);
    if (parentId) {
      const parent = await this.em.findOne(Comment, parentId);
      if (!parent || parent.lesson.id !== lessonId)
        throw new InvalidInputError('parentId must be a comment on the same lesson');
      if (parent.parent) throw new InvalidInputError('Replies go one level deep: answer the comment it replies to');
      comment.parent = this.em.getReference(Comment, parent.id, { wrapped: true });
    }
    try {
      await this.em.persistAndFlush(comment);
    } catch (error) {
      // The lesson (or the comment answered) was deleted meanwhile.
      if (error instanceof ForeignKeyConstraintViolationException) throw new NotFoundError('Lesson', lessonId);
      throw error;
    }
    return view(comment);
  }

  /**
   * Only its author changes a comment's words; moderators delete instead. Like writing one, only on
   * a course that is published: an archived or withdrawn course's discussion is closed, and unseen.
   */
  async edit(commentId: string, body: string, user: AuthenticatedUser): Promise<CommentView> {
    const comment = await this.em.findOne(Comment, commentId);
    if (!comment) throw new NotFoundError('Comment', commentId);
    if (comment.authorId !== user.id) throw new ForbiddenError('Only its author can edit a comment');
    const { course } = await this.outline.lessonWithCourse(comment.lesson.id);
    assertCanView(course, user);
    if (course.status !== 'published') throw new ConflictError(COMMENTS_CLOSED);
    if (comment.body !== body) {
      comment.body = body;
      comment.editedAt = new Date();
      await this.em.flush();
    }
    return view(comment);
  }

  /** Anyone who can read the comment reports it, once (a second report changes nothing); not their own. */
  async report(commentId: string, user: AuthenticatedUser): Promise<void> {
    const comment = await this.em.findOne(Comment, commentId);
    if (!comment) throw new NotFoundError('Comment', commentId);
    assertCanView((await this.outline.lessonWithCourse(comment.lesson.id)).course, user);
    if (comment.authorId === user.id) throw new ConflictError('You cannot report your own comment');
    await this.em.getConnection().execute(
      `insert into comment_reports (id, comment_id, reporter_id, created_at) values (?, ?, ?, now())
         on conflict (comment_id, reporter_id) do nothing`,
      [randomUUID(), commentId, user.id],
    );
  }

  /** Moderators' queue across courses: reported comments first (most reports, then newest), then the newest. */
  async queue(page: number, limit: number, user: AuthenticatedUser): Promise<Page<QueuedCommentView>> {
    if (!hasRole(user, 'moderator', 'admin')) throw new ForbiddenError('Only moderators and admins see the queue');
    const connection = this.em.getConnection();
    const [{ total }] = await connection.execute<Array<{ total: string }>>('select count(*) as total from comments');
    const rows = await connection.execute<
      Array<{ id: string; report_count: number; course_id: string; course_title: string; lesson_title: string }>
    >(
      `select * from (
         select c.id, c.created_at, co.id as course_id, co.title as course_title, l.title as lesson_title,
           (select count(*)::int from comment_reports r where r.comment_id = c.id) as report_count
         from comments c join lessons l on l.id = c.lesson_id join sections s on s.id = l.section_id
         join courses co on co.id = s.course_id) queued
       order by report_count desc, created_at desc, id
       limit ? offset ?`,
      [limit, (page - 1) * limit],
    );
    const comments = rows.length ? await this.em.find(Comment, { id: { $in: rows.map((row) => row.id) } }) : [];
    const byId = new Map(comments.map((comment) => [comment.id, comment]));
    return {
      items: rows
        .filter((row) => byId.has(row.id))
        .map((row) => ({
          ...view(byId.get(row.id)!),
          courseId: row.course_id,
          courseTitle: row.course_title,
          lessonTitle: row.lesson_title,
          reportCount: row.report_count,
        })),
      total: Number(total),
      page,
      limit,
    };
  }

  /** The author, a moderator or an admin; its replies go with it. */
  async delete(commentId: string, user: AuthenticatedUser): Promise<void> {
    const comment = await this.em.findOne(Comment, commentId);
    if (!comment) throw new NotFoundError('Comment', commentId);
    if (comment.authorId !== user.id && !hasRole(user, 'moderator', 'admin'))
      throw new ForbiddenError('Only the author or a moderator can delete this comment');
    await this.em.removeAndFlush(comment);
  }
}
