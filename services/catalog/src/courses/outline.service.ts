import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@platform/auth';
import { CATALOG_EVENTS, type LessonType } from '@platform/contracts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '@platform/service-kit';
import { MediaVideo } from '../covers/media-video.entity';
import { assertCanView, canEdit } from './course-access';
import { CourseEvents, lessonSnapshot } from './course-events';
import type { Course } from './course.entity';
import { CoursesService } from './courses.service';
import type { CourseView } from './course.views';
import { lessonView, type LessonView } from './course.views';
import type { CreateLessonDto, CreateSectionDto, UpdateLessonDto, UpdateSectionDto } from './dto/outline.dto';
import { Lesson } from './lesson.entity';
import { quizChanged, quizFrom } from './quiz';
import { moveTo, renumber } from './reorder';
import { Section } from './section.entity';

/** Sections and lessons: always changed through their course, so positions, revision and events stay consistent. */
@Injectable()
export class OutlineService {
  constructor(
    private readonly em: EntityManager,
    private readonly courses: CoursesService,
    private readonly events: CourseEvents,
  ) {}

  async addSection(
    courseId: string,
    dto: CreateSectionDto,
    user: AuthenticatedUser,
  ): Promise<CourseView['sections'][number]> {
    return this.em.transactional(async (em) => {
      const course = await this.courses.loadForEdit(em, courseId, user);
      const section = new Section(course, dto.title, course.sections.length + 1);
      course.sections.add(section);
      em.persist(section);
      this.events.changed(em, course, {
        type: CATALOG_EVENTS.sectionAdded,
        payload: (revision) => ({
          courseId,
          revision,
          sectionId: section.id,
          title: section.title,
          position: section.position,
        }),
      });
      return { id: section.id, title: section.title, position: section.position, lessons: [] };
    });
  }

  async updateSection(sectionId: string, dto: UpdateSectionDto, user: AuthenticatedUser): Promise<CourseView> {
    return this.em.transactional(async (em) => {
      const { course, section } = await this.sectionForEdit(em, sectionId, user);
      if (dto.title !== undefined) section.title = dto.title;
      if (dto.position !== undefined) moveTo(course.sections.getItems(), section, dto.position);
      this.events.changed(em, course, {
        type: CATALOG_EVENTS.sectionChanged,
        payload: (revision) => ({
          courseId: course.id,
          revision,
          sectionId,
          title: section.title,
          position: section.position,
        }),
      });
      return this.courses.view(course);
    });
  }

  async deleteSection(sectionId: string, user: AuthenticatedUser): Promise<void> {
    await this.em.transactional(async (em) => {
      const { course, section } = await this.sectionForEdit(em, sectionId, user);
      if (course.status === 'published' && course.lessons().length === section.lessons.length)
        throw new ConflictError('A published course keeps at least one lesson: unpublish it first');
      course.sections.remove(section);
      em.remove(section);
      renumber(course.sections.getItems());
      this.events.changed(em, course, {
        type: CATALOG_EVENTS.sectionRemoved,
        payload: (revision) => ({ courseId: course.id, revision, sectionId }),
      });
    });
  }

  async addLesson(sectionId: string, dto: CreateLessonDto, user: AuthenticatedUser): Promise<LessonView> {
    return this.em.transactional(async (em) => {
      const { course, section } = await this.sectionForEdit(em, sectionId, user);
      const lesson = new Lesson(section, dto.type as LessonType, dto.title, section.lessons.length + 1);
      if (dto.type === 'text') lesson.content = dto.content ?? '';
      if (dto.type === 'video') lesson.mediaId = await this.videoFor(em, course, dto.mediaId ?? null);
      if (dto.type === 'quiz') lesson.quiz = quizFrom(dto.passPercent!, dto, dto.questions!);
      section.lessons.add(lesson);
      if (dto.captionsMediaId) {
        if (dto.type !== 'video') throw new InvalidInputError('captionsMediaId applies to video lessons only');
        lesson.captionsMediaId = dto.captionsMediaId;
      }
      em.persist(lesson);
      this.recordLessonEvent(em, course, lesson, CATALOG_EVENTS.lessonAdded);
      return lessonView(lesson, course.id, true);
    });
  }

  async getLesson(lessonId: string, user: AuthenticatedUser): Promise<LessonView> {
    const { course, lesson } = await this.lessonInCourse(lessonId);
    assertCanView(course, user);
    return lessonView(lesson, course.id, canEdit(course, user));
  }

  async updateLesson(lessonId: string, dto: UpdateLessonDto, user: AuthenticatedUser): Promise<LessonView> {
    return this.em.transactional(async (em) => {
      const { course, section, lesson } = await this.lessonForEdit(em, lessonId, user);
      if (dto.title !== undefined) lesson.title = dto.title;
      if (dto.content !== undefined) {
        if (lesson.type !== 'text') throw new InvalidInputError('content applies to text lessons only');
        lesson.content = dto.content;
      }
      if (dto.captionsMediaId !== undefined) {
        if (lesson.type !== 'video') throw new InvalidInputError('captionsMediaId applies to video lessons only');
        lesson.captionsMediaId = dto.captionsMediaId;
      }
      if (dto.mediaId !== undefined) {
        if (lesson.type !== 'video') throw new InvalidInputError('mediaId applies to video lessons only');
        lesson.mediaId = await this.videoFor(em, course, dto.mediaId);
      }
      const quizFields = [dto.passPercent, dto.questions, dto.maxAttempts, dto.review, dto.allowRetakeAfterPass];
      if (quizFields.some((field) => field !== undefined)) {
        if (lesson.type !== 'quiz')
          throw new InvalidInputError(
            'passPercent, maxAttempts, review, allowRetakeAfterPass and questions apply to quiz lessons only',
          );
        lesson.quiz = quizChanged(lesson.quiz!, dto);
      }
      if (dto.sectionId !== undefined && dto.sectionId !== section.id)
        this.moveToSection(course, section, lesson, dto.sectionId, dto.position);
      else if (dto.position !== undefined) moveTo(section.lessons.getItems(), lesson, dto.position);
      this.recordLessonEvent(em, course, lesson, CATALOG_EVENTS.lessonChanged);
      return lessonView(lesson, course.id, true);
    });
  }

  async deleteLesson(lessonId: string, user: AuthenticatedUser): Promise<void> {
    await this.em.transactional(async (em) => {
      const { course, section, lesson } = await this.lessonForEdit(em, lessonId, user);
      if (course.status === 'published' && course.lessons().length === 1)
        throw new ConflictError('A published course keeps at least one lesson: unpublish it first');
      section.lessons.remove(lesson);
      em.remove(lesson);
      renumber(section.lessons.getItems());
      this.events.changed(em, course, {
        type: CATALOG_EVENTS.lessonRemoved,
        payload: (revision) => ({ courseId: course.id, revision, sectionId: section.id, lessonId }),
      });
    });
  }

  /** To another section of the same course (400 otherwise), at `position` or last; both sections renumbered. */
  private moveToSection(course: Course, from: Section, lesson: Lesson, sectionId: string, position?: number): void {
    const to = course.sections.getItems().find((candidate) => candidate.id === sectionId);
    if (!to) throw new InvalidInputError(`sectionId ${sectionId} is not a section of this course`);
    from.lessons.remove(lesson);
    renumber(from.lessons.getItems());
    lesson.position = to.lessons.length + 1;
    // Adding sets lesson.section too (MikroORM keeps both sides of the relation in step).
    to.lessons.add(lesson);
    if (position !== undefined) moveTo(to.lessons.getItems(), lesson, position);
  }

  /** The lesson and its course, for comment rules. */
  async lessonWithCourse(lessonId: string): Promise<{ course: Course; lesson: Lesson }> {
    return this.lessonInCourse(lessonId);
  }

  /**
   * A lesson's video must be one the course's instructor uploaded, as a cover must: refused here
   * once media's report (`media.video.uploaded`) has arrived. The web app attaches a video right
   * after its upload, often before the report: media itself lets a course's learners read only
   * videos of the course's instructor, so an id taken from somebody else is never served anyway.
   */
  private async videoFor(em: EntityManager, course: Course, mediaId: string | null): Promise<string | null> {
    if (!mediaId) return null;
    const reported = await em.findOne(MediaVideo, { mediaId });
    if (reported && reported.ownerId !== course.instructorId)
      throw new ForbiddenError("A lesson's video must be one uploaded by the course's instructor");
    return mediaId;
  }

  private recordLessonEvent(
    em: EntityManager,
    course: Course,
    lesson: Lesson,
    type: typeof CATALOG_EVENTS.lessonAdded | typeof CATALOG_EVENTS.lessonChanged,
  ): void {
    this.events.changed(em, course, {
      type,
      payload: (revision) => ({
        courseId: course.id,
        revision,
        sectionId: lesson.section.id,
        mediaId: lesson.mediaId,
        captionsMediaId: lesson.captionsMediaId,
        lesson: lessonSnapshot(lesson),
      }),
    });
  }

  private async sectionForEdit(
    em: EntityManager,
    sectionId: string,
    user: AuthenticatedUser,
  ): Promise<{ course: Course; section: Section }> {
    const course = await this.courses.loadForEdit(em, await this.courseIdOf(em, 'sections', sectionId), user);
    const section = course.sections.getItems().find((candidate) => candidate.id === sectionId);
    if (!section) throw new NotFoundError('Section', sectionId);
    return { course, section };
  }

  private async lessonForEdit(
    em: EntityManager,
    lessonId: string,
    user: AuthenticatedUser,
  ): Promise<{ course: Course; section: Section; lesson: Lesson }> {
    const course = await this.courses.loadForEdit(em, await this.courseIdOf(em, 'lessons', lessonId), user);
    return { course, ...this.findLesson(course, lessonId) };
  }

  private async lessonInCourse(lessonId: string): Promise<{ course: Course; section: Section; lesson: Lesson }> {
    const course = await this.courses.loadOutline(await this.courseIdOf(this.em, 'lessons', lessonId));
    return { course, ...this.findLesson(course, lessonId) };
  }

  private findLesson(course: Course, lessonId: string): { section: Section; lesson: Lesson } {
    for (const section of course.sections.getItems()) {
      const lesson = section.lessons.getItems().find((candidate) => candidate.id === lessonId);
      if (lesson) return { section, lesson };
    }
    throw new NotFoundError('Lesson', lessonId);
  }

  /**
   * The course a section or lesson belongs to (sections and lessons never move between courses).
   * Inside a transaction it runs on the transaction's connection: a second connection per change
   * could exhaust the pool under load, every transaction waiting for a connection another holds.
   */
  private async courseIdOf(em: EntityManager, kind: 'sections' | 'lessons', id: string): Promise<string> {
    const sql =
      kind === 'sections'
        ? 'select course_id from sections where id = ?'
        : 'select s.course_id from lessons l join sections s on s.id = l.section_id where l.id = ?';
    const rows = await em
      .getConnection()
      .execute<Array<{ course_id: string }>>(sql, [id], 'all', em.getTransactionContext());
    if (rows.length === 0) throw new NotFoundError(kind === 'sections' ? 'Section' : 'Lesson', id);
    return rows[0].course_id;
  }
}
