import { randomUUID } from 'node:crypto';
import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser, hasRole } from '@platform/auth';
import { CATALOG_EVENTS } from '@platform/contracts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  type Page,
  PreparedStatements,
  UnauthenticatedError,
} from '@platform/service-kit';
import { MediaImage } from '../covers/media-image.entity';
import { assertCanEdit, assertCanView } from './course-access';
import { CourseEvents, outlineSnapshot } from './course-events';
import { Course, type CourseStatus } from './course.entity';
import { Lesson, type Quiz } from './lesson.entity';
import { byPosition } from './reorder';
import { Section } from './section.entity';
import { publishBlockers } from './publish-readiness';
import { courseSummaryView, type CourseSummaryView, courseView, type CourseView } from './course.views';
import type { CreateCourseDto, ListCoursesQuery, UpdateCourseDto } from './dto/course.dto';
import { listingSql, searchTerms } from './course-search';
import {
  type ListingRow,
  listingPageSql,
  listingPageStatement,
  OUTLINE_STATEMENT,
  type OutlineRow,
} from './course-reads';
import { slugify, suffixedSlug } from './slug';

@Injectable()
export class CoursesService {
  constructor(
    private readonly em: EntityManager,
    private readonly events: CourseEvents,
    private readonly statements: PreparedStatements,
  ) {}

  /** The course with its whole outline in one joined query. */
  async loadOutline(id: string, em: EntityManager = this.em): Promise<Course> {
    const course = await em.findOne(Course, id, { populate: ['sections.lessons'], strategy: 'joined' });
    if (!course) throw new NotFoundError('Course', id);
    return course;
  }

  /**
   * For a change inside `em`'s transaction: locks the course row first, so concurrent changes to
   * one course queue up (revisions stay strictly increasing, positions never collide), then loads
   * the outline and checks the caller may change it. A draft is 403 here, not 404: its id was
   * never shown to anyone but its editors, and writes tell them plainly what is refused.
   */
  async loadForEdit(em: EntityManager, id: string, user: AuthenticatedUser): Promise<Course> {
    const locked = await em
      .createQueryBuilder(Course)
      .select('id')
      .where({ id })
      .setLockMode(LockMode.PESSIMISTIC_WRITE)
      .execute('all');
    if (locked.length === 0) throw new NotFoundError('Course', id);
    const course = await this.loadOutline(id, em);
    assertCanEdit(course, user);
    return course;
  }

  /**
   * Published courses that have lessons, or with `mine` the caller's own (drafts too), filtered by
   * category and searched (see listingSql), in the asked order; ties broken down to the id.
   */
  async list(query: ListCoursesQuery, user: AuthenticatedUser | undefined): Promise<Page<CourseSummaryView>> {
    if ((query.mine || query.all) && !user) throw new UnauthenticatedError('Sign in to list your own courses');
    if (query.all && !hasRole(user, 'admin')) throw new ForbiddenError('Only admins list every course');
    const terms = searchTerms(query.search);
    const { where, params, orderBy, orderParams } = listingSql({
      terms,
      category: query.category,
      sort: query.sort,
      instructorId: query.mine ? user!.id : undefined,
      everyCourse: query.all,
      status: query.status,
    });
    const values = [...params, ...orderParams, query.limit, query.offset];
    // A search is planned for its words every time: a generic plan of its similarity conditions,
    // which a prepared statement may switch to, can be far worse than one made for the words.
    const rows =
      terms.length > 0
        ? await this.em.getConnection().execute<ListingRow[]>(listingPageSql(where, orderBy), values)
        : await this.statements.rows<ListingRow>(listingPageStatement(where, orderBy), values);
    // The window count comes with the rows; a page past the end has none, so it is counted apart.
    const total =
      rows.length > 0 || query.offset === 0
        ? Number(rows[0]?.total ?? 0)
        : Number(
            (
              await this.em
                .getConnection()
                .execute<Array<{ total: string }>>(`select count(*) as total from courses where ${where}`, params)
            )[0].total,
          );
    const covers = await this.coversOf(rows);
    return {
      items: rows.map((course) => courseSummaryView(course, covers.get(course.coverMediaId ?? ''))),
      total,
      page: query.page,
      limit: query.limit,
    };
  }

  async get(id: string, user: AuthenticatedUser | undefined): Promise<CourseView> {
    const [course] = await this.statements.rows<OutlineRow>(OUTLINE_STATEMENT, [id]);
    if (!course) throw new NotFoundError('Course', id);
    assertCanView(course, user);
    const cover = course.coverMediaId ? await this.em.findOne(MediaImage, { mediaId: course.coverMediaId }) : null;
    const { revision, sections } = course;
    return { ...courseSummaryView(course, cover), revision, sections };
  }

  async create(dto: CreateCourseDto, user: AuthenticatedUser): Promise<CourseView> {
    if (!hasRole(user, 'instructor', 'admin')) throw new ForbiddenError('Only instructors create courses');
    const base = slugify(dto.title);
    const taken = (await this.em.count(Course, { slug: base })) > 0;
    const course = new Course(
      dto.title,
      taken ? suffixedSlug(base) : base,
      dto.description ?? '',
      user.id,
      user.displayName,
    );
    course.category = dto.category ?? null;
    try {
      await this.em.persistAndFlush(course);
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      // Someone took the slug between the check and the insert: a suffix makes it unique.
      this.em.clear();
      course.slug = suffixedSlug(base);
      await this.em.persistAndFlush(course);
    }
    return this.view(course);
  }

  /**
   * A new draft of the caller's with the source's details, sections and lessons (new ids; quizzes
   * with their answers). Not copied: the cover, and videos when the caller is not the source's
   * instructor, since a course may only show media its own instructor uploaded.
   */
  async duplicate(id: string, user: AuthenticatedUser): Promise<CourseView> {
    return this.em.transactional(async (em) => {
      const source = await this.loadOutline(id, em);
      assertCanEdit(source, user);
      const title = `Copy of ${source.title}`.slice(0, 200);
      const copy = new Course(title, suffixedSlug(slugify(title)), source.description, user.id, user.displayName);
      copy.category = source.category;
      for (const section of byPosition(source.sections.getItems())) {
        const sectionCopy = new Section(copy, section.title, section.position);
        copy.sections.add(sectionCopy);
        for (const lesson of byPosition(section.lessons.getItems())) {
          const lessonCopy = new Lesson(sectionCopy, lesson.type, lesson.title, lesson.position);
          lessonCopy.content = lesson.content;
          lessonCopy.mediaId = user.id === source.instructorId ? lesson.mediaId : null;
          lessonCopy.quiz = lesson.quiz && copyQuiz(lesson.quiz);
          sectionCopy.lessons.add(lessonCopy);
        }
      }
      copy.touch();
      em.persist(copy);
      this.events.mediaChanged(em, copy);
      return this.view(copy);
    });
  }

  async update(id: string, dto: UpdateCourseDto, user: AuthenticatedUser): Promise<CourseView> {
    return this.em.transactional(async (em) => {
      const course = await this.loadForEdit(em, id, user);
      if (dto.title !== undefined) course.title = dto.title;
      if (dto.description !== undefined) course.description = dto.description;
      if (dto.category !== undefined) course.category = dto.category;
      this.events.changed(em, course);
      return this.view(course);
    });
  }

  async delete(id: string, user: AuthenticatedUser): Promise<void> {
    await this.em.transactional(async (em) => {
      const course = await this.loadForEdit(em, id, user);
      course.touch();
      this.events.record(em, CATALOG_EVENTS.courseDeleted, {
        courseId: course.id,
        revision: course.revision,
        instructorId: course.instructorId,
        coverMediaId: course.coverMediaId,
      });
      this.events.mediaChanged(em, course, true);
      em.remove(course);
    });
  }

  /** Refused (409, with `blockers`) while anything in publishBlockers keeps the course from learners. */
  async publish(id: string, user: AuthenticatedUser): Promise<CourseView> {
    return this.em.transactional(async (em) => {
      const course = await this.loadForEdit(em, id, user);
      if (course.status === 'published') return this.view(course);
      if (course.status === 'archived')
        throw new ConflictError('The course is archived: restore it as a draft before publishing it', {
          blockers: ['The course is archived'],
        });
      const blockers = publishBlockers(course);
      if (blockers.length > 0)
        throw new ConflictError(`The course cannot be published yet: ${blockers.join('; ')}`, { blockers });
      course.status = 'published';
      course.publishedAt = new Date();
      // The name the instructor goes by now (their token's name claim), not an admin's.
      if (user.id === course.instructorId && user.displayName) course.instructorName = user.displayName.slice(0, 100);
      course.touch();
      this.events.record(em, CATALOG_EVENTS.coursePublished, outlineSnapshot(course));
      this.events.mediaChanged(em, course);
      return this.view(course);
    });
  }

  async unpublish(id: string, user: AuthenticatedUser): Promise<CourseView> {
    return this.withdraw(id, user, 'draft');
  }

  /**
   * Out of the catalogue and out of the instructor's way; learners who enrolled keep their
   * progress (progress is told as for an unpublish). Restored as a draft.
   */
  async archive(id: string, user: AuthenticatedUser): Promise<CourseView> {
    return this.withdraw(id, user, 'archived');
  }

  async restore(id: string, user: AuthenticatedUser): Promise<CourseView> {
    return this.em.transactional(async (em) => {
      const course = await this.loadForEdit(em, id, user);
      if (course.status !== 'archived') return this.view(course);
      // Archived and draft are both unpublished to media: nothing to tell it.
      course.status = 'draft';
      course.touch();
      return this.view(course);
    });
  }

  private async withdraw(
    id: string,
    user: AuthenticatedUser,
    to: Exclude<CourseStatus, 'published'>,
  ): Promise<CourseView> {
    return this.em.transactional(async (em) => {
      const course = await this.loadForEdit(em, id, user);
      if (course.status === to) return this.view(course);
      if (course.status === 'archived') throw new ConflictError('The course is archived: restore it first');
      const wasPublished = course.status === 'published';
      course.status = to;
      course.touch();
      // A draft archived changes nothing anyone else reads: nothing to tell progress or media.
      if (wasPublished) {
        this.events.record(em, CATALOG_EVENTS.courseUnpublished, { courseId: course.id, revision: course.revision });
        this.events.mediaChanged(em, course);
      }
      return this.view(course);
    });
  }

  /**
   * Records the media id; media learns that the previous image is no longer used. The image must be
   * one the course's instructor uploaded: refused here when media's report has already arrived, and
   * otherwise never shown (course.views) nor taken as used by media, which checks the owner itself.
   */
  async setCover(id: string, mediaId: string | null, user: AuthenticatedUser): Promise<CourseView> {
    return this.em.transactional(async (em) => {
      const course = await this.loadForEdit(em, id, user);
      const previousMediaId = course.coverMediaId;
      if (previousMediaId === mediaId) return this.view(course);
      const reported = mediaId ? await em.findOne(MediaImage, { mediaId }) : null;
      if (reported && !reported.mayCover(course.instructorId))
        throw new ForbiddenError("A course's cover must be an image uploaded by the course's instructor");
      course.coverMediaId = mediaId;
      this.events.changed(em, course, {
        type: CATALOG_EVENTS.courseCoverChanged,
        payload: () => ({ courseId: course.id, instructorId: course.instructorId, mediaId, previousMediaId }),
      });
      return this.view(course);
    });
  }

  async view(course: Course): Promise<CourseView> {
    const cover = course.coverMediaId ? await this.em.findOne(MediaImage, { mediaId: course.coverMediaId }) : null;
    return courseView(course, cover);
  }

  private async coversOf(courses: ReadonlyArray<{ coverMediaId: string | null }>): Promise<Map<string, MediaImage>> {
    const ids = courses.map((course) => course.coverMediaId).filter((id): id is string => !!id);
    const images = ids.length ? await this.em.find(MediaImage, { mediaId: { $in: ids } }) : [];
    return new Map(images.map((image) => [image.mediaId, image]));
  }
}

/** The same quiz with ids of its own. */
function copyQuiz(quiz: Quiz): Quiz {
  return {
    ...quiz,
    questions: quiz.questions.map((question) => ({
      ...question,
      id: randomUUID(),
      choices: question.choices.map((choice) => ({ id: randomUUID(), text: choice.text, correct: choice.correct })),
    })),
  };
}
