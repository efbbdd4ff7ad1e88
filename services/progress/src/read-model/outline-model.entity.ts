import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { LESSON_TYPES, type LessonType, type QuizAnswerKey } from '@platform/contracts';

/** A section of a course as of the course's revision (replaced whole by each newer snapshot). */
@Entity({ tableName: 'section_models' })
@Index({ properties: ['courseId', 'position'] })
export class SectionModel {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  courseId: string;

  @Property({ type: 'integer' })
  position: number;

  constructor(id: string, courseId: string, position: number) {
    this.id = id;
    this.courseId = courseId;
    this.position = position;
  }
}

/** A lesson as of the course's revision: the set of these is what the progress figure counts. */
@Entity({ tableName: 'lesson_models' })
@Index({ properties: ['courseId'] })
@Index({ properties: ['sectionId', 'position'] })
export class LessonModel {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  courseId: string;

  @Property({ type: 'uuid' })
  sectionId: string;

  @Property({ type: 'integer' })
  position: number;

  @Enum({ items: () => LESSON_TYPES })
  type: LessonType;

  /** The answer key of a quiz lesson: never sent to clients. */
  @Property({ type: 'json', nullable: true, hidden: true })
  quiz: QuizAnswerKey | null;

  constructor(
    id: string,
    courseId: string,
    sectionId: string,
    position: number,
    type: LessonType,
    quiz: QuizAnswerKey | null,
  ) {
    this.id = id;
    this.courseId = courseId;
    this.sectionId = sectionId;
    this.position = position;
    this.type = type;
    this.quiz = quiz;
  }
}
