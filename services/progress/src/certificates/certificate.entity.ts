import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { NAME_LENGTH } from '../enrollments/enrollment.entity';

/**
 * A course certificate: issued once per (learner, course), the first time the learner reaches
 * 100 %, with the learner's name and the course's title as they were then. Its id is a random
 * (v4) UUID, unguessable, and the page that shows it reads it from progress: a certificate is
 * verified by opening it on the platform, so nobody can forge one without writing to this table.
 */
@Entity({ tableName: 'certificates' })
@Unique({ properties: ['userId', 'courseId'] })
export class Certificate {
  @PrimaryKey({ type: 'uuid' })
  id: string = crypto.randomUUID();

  @Property({ type: 'uuid' })
  userId: string;

  @Property({ type: 'uuid' })
  courseId: string;

  @Property({ type: 'string', length: NAME_LENGTH })
  learnerName: string;

  @Property({ type: 'string', length: 200 })
  courseTitle: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  completedAt: Date;

  constructor(userId: string, courseId: string, learnerName: string, courseTitle: string, completedAt: Date) {
    this.userId = userId;
    this.courseId = courseId;
    this.learnerName = learnerName;
    this.courseTitle = courseTitle;
    this.completedAt = completedAt;
  }
}
