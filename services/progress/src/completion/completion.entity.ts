import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * One row per (learner, lesson): completing twice counts once by construction. `courseId` is the
 * lesson's course when it was completed (kept current by snapshots); the figure never trusts it
 * alone but intersects completions with the course's current lessons.
 */
@Entity({ tableName: 'completions' })
@Unique({ properties: ['userId', 'lessonId'] })
@Index({ name: 'completions_user_course_lesson_index', properties: ['userId', 'courseId', 'lessonId'] })
export class Completion {
  @PrimaryKey({ type: 'uuid' })
  id: string = crypto.randomUUID();

  @Property({ type: 'uuid' })
  userId: string;

  @Property({ type: 'uuid' })
  courseId: string;

  @Property({ type: 'uuid' })
  lessonId: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  completedAt: Date = new Date();

  constructor(userId: string, courseId: string, lessonId: string) {
    this.userId = userId;
    this.courseId = courseId;
    this.lessonId = lessonId;
  }
}
