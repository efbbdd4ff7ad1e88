import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

@Entity({ tableName: 'enrollments' })
@Unique({ properties: ['userId', 'courseId'] })
export class Enrollment {
  @PrimaryKey({ type: 'uuid' })
  id: string = crypto.randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  userId: string;

  @Property({ type: 'uuid' })
  courseId: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  enrolledAt: Date = new Date();

  /** First time the learner reached 100 % (progress.course.completed was recorded then). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  completedAt: Date | null = null;

  constructor(userId: string, courseId: string) {
    this.userId = userId;
    this.courseId = courseId;
  }
}

/** One row per (learner, lesson): completing twice counts once by construction. */
@Entity({ tableName: 'completions' })
@Unique({ properties: ['userId', 'lessonId'] })
@Index({ properties: ['userId', 'courseId'] })
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
