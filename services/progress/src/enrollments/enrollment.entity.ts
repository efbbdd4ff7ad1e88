import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/** A learner's enrolment in a course; unique per (learner, course), which also serves the hot read. */
@Entity({ tableName: 'enrollments' })
@Unique({ properties: ['userId', 'courseId'] })
@Index({ properties: ['courseId'] })
export class Enrollment {
  @PrimaryKey({ type: 'uuid' })
  id: string = crypto.randomUUID();

  @Property({ type: 'uuid' })
  userId: string;

  @Property({ type: 'uuid' })
  courseId: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  enrolledAt: Date = new Date();

  /** First time the learner reached 100 % (progress.course.completed was recorded then); never cleared. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  completedAt: Date | null = null;

  constructor(userId: string, courseId: string) {
    this.userId = userId;
    this.courseId = courseId;
  }
}
