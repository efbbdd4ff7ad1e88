import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/** Display names are at most this long (identity's limit); longer name claims are cut, never a 500. */
export const NAME_LENGTH = 100;

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

  /**
   * The learner's display name from their access token (its name claim) at enrolment, refreshed by
   * each lesson they complete: what their certificate will say. progress never asks identity.
   */
  @Property({ type: 'string', length: NAME_LENGTH, default: '' })
  learnerName: string;

  constructor(userId: string, courseId: string, learnerName: string) {
    this.userId = userId;
    this.courseId = courseId;
    this.learnerName = learnerName;
  }
}
