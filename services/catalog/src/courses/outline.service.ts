import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@platform/auth';
import { CATALOG_EVENTS, type LessonType } from '@platform/contracts';
import { InvalidInputError, NotFoundError } from '@platform/service-kit';
import { assertCanEdit, assertCanView, canEdit } from './course-access';
import { CourseEvents } from './course-events';
import type { Course } from './course.entity';
import { CoursesService } from './courses.service';
import type { CourseView } from './course.views';
import { lessonView, type LessonView } from './course.views';
import type {
  CreateLessonDto,
  CreateSectionDto,
  QuestionDto,
  UpdateLessonDto,
  UpdateSectionDto,
} from './dto/outline.dto';
import { Lesson, type Quiz } from './lesson.entity';
import { moveTo, renumber } from './reorder';
import { Section } from './section.entity';

function quizFrom(passPercent: number, maxAttempts: number | null | undefined, questions: QuestionDto[]): Quiz {
  questions.forEach((question, index) => {
    if (!question.choices.some((choice) => choice.correct))
      throw new InvalidInputError(`question ${index + 1} needs at least one correct choice`);
  });
  return {
    passPercent,
    maxAttempts: maxAttempts ?? null,
    questions: questions.map((question) => ({
      id: randomUUID(),
      prompt: question.prompt,
      choices: question.choices.map((choice) => ({ id: randomUUID(), text: choice.text, correct: choice.correct })),
    })),
  };
}

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
      const course = await this.courses.loadOutline(courseId);
      assertCanEdit(course, user);
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
      const { course, section } = await this.sectionInCourse(sectionId);
      assertCanEdit(course, user);
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
      const { course, section } = await this.sectionInCourse(sectionId);
      assertCanEdit(course, user);
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
      const { course, section } = await this.sectionInCourse(sectionId);
      assertCanEdit(course, user);
      const lesson = new Lesson(section, dto.type as LessonType, dto.title, section.lessons.length + 1);
      if (dto.type === 'text') lesson.content = dto.content ?? '';
      // The media id is not checked against media synchronously (no cross-service calls): the web app
      // only offers ids it uploaded, and a wrong one shows as a video that cannot be played.
      if (dto.type === 'video') lesson.mediaId = dto.mediaId ?? null;
      if (dto.type === 'quiz') lesson.quiz = quizFrom(dto.passPercent!, dto.maxAttempts, dto.questions!);
      section.lessons.add(lesson);
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
      const { course, section, lesson } = await this.lessonInCourse(lessonId);
      assertCanEdit(course, user);
      if (dto.title !== undefined) lesson.title = dto.title;
      if (dto.content !== undefined) {
        if (lesson.type !== 'text') throw new InvalidInputError('content applies to text lessons only');
        lesson.content = dto.content;
      }
      if (dto.mediaId !== undefined) {
        if (lesson.type !== 'video') throw new InvalidInputError('mediaId applies to video lessons only');
        lesson.mediaId = dto.mediaId;
      }
      if (dto.passPercent !== undefined || dto.questions !== undefined || dto.maxAttempts !== undefined) {
        if (lesson.type !== 'quiz')
          throw new InvalidInputError('passPercent, maxAttempts and questions apply to quiz lessons only');
        const current = lesson.quiz!;
        lesson.quiz = dto.questions
          ? quizFrom(
              dto.passPercent ?? current.passPercent,
              dto.maxAttempts === undefined ? current.maxAttempts : dto.maxAttempts,
              dto.questions,
            )
          : {
              ...current,
              passPercent: dto.passPercent ?? current.passPercent,
              maxAttempts: dto.maxAttempts === undefined ? current.maxAttempts : (dto.maxAttempts ?? null),
            };
      }
      if (dto.position !== undefined) moveTo(section.lessons.getItems(), lesson, dto.position);
      this.recordLessonEvent(em, course, lesson, CATALOG_EVENTS.lessonChanged);
      return lessonView(lesson, course.id, true);
    });
  }

  async deleteLesson(lessonId: string, user: AuthenticatedUser): Promise<void> {
    await this.em.transactional(async (em) => {
      const { course, section, lesson } = await this.lessonInCourse(lessonId);
      assertCanEdit(course, user);
      section.lessons.remove(lesson);
      em.remove(lesson);
      renumber(section.lessons.getItems());
      this.events.changed(em, course, {
        type: CATALOG_EVENTS.lessonRemoved,
        payload: (revision) => ({ courseId: course.id, revision, sectionId: section.id, lessonId }),
      });
    });
  }

  /** The lesson's course, for comment rules. */
  async courseOfLesson(lessonId: string): Promise<Course> {
    return (await this.lessonInCourse(lessonId)).course;
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
        lesson: { lessonId: lesson.id, type: lesson.type, title: lesson.title, position: lesson.position },
      }),
    });
  }

  private async sectionInCourse(sectionId: string): Promise<{ course: Course; section: Section }> {
    const found = await this.em.findOne(Section, sectionId, { fields: ['id', 'course'] });
    if (!found) throw new NotFoundError('Section', sectionId);
    const course = await this.courses.loadOutline(found.course.id);
    const section = course.sections.getItems().find((candidate) => candidate.id === sectionId)!;
    return { course, section };
  }

  private async lessonInCourse(lessonId: string): Promise<{ course: Course; section: Section; lesson: Lesson }> {
    const rows = await this.em
      .getConnection()
      .execute<
        Array<{ course_id: string }>
      >('select s.course_id from lessons l join sections s on s.id = l.section_id where l.id = ?', [lessonId]);
    if (rows.length === 0) throw new NotFoundError('Lesson', lessonId);
    const course = await this.courses.loadOutline(rows[0].course_id);
    for (const section of course.sections.getItems()) {
      const lesson = section.lessons.getItems().find((candidate) => candidate.id === lessonId);
      if (lesson) return { course, section, lesson };
    }
    throw new NotFoundError('Lesson', lessonId);
  }
}
