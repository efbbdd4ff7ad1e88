import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { NOTHING_WATCHED } from './watch-coverage';

/** Where a learner is in a video lesson and which parts of it they watched: one row per (learner, lesson). */
@Entity({ tableName: 'video_positions' })
@Unique({ properties: ['userId', 'lessonId'] })
@Index({ properties: ['courseId'] })
export class VideoPosition {
  @PrimaryKey({ type: 'uuid' })
  id: string = crypto.randomUUID();

  @Property({ type: 'uuid' })
  userId: string;

  @Property({ type: 'uuid' })
  lessonId: string;

  @Property({ type: 'uuid' })
  courseId: string;

  /** Seconds from the start: where the player resumes. */
  @Property({ type: 'double' })
  positionSeconds = 0;

  /** As the learner's player reported it (see watch-coverage.ts). */
  @Property({ type: 'double' })
  durationSeconds: number;

  /** watch-coverage's segments, '1' per watched hundredth of the video. */
  @Property({ type: 'string', length: 100 })
  watchedSegments: string = NOTHING_WATCHED;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  reportedAt: Date = new Date();

  constructor(userId: string, lessonId: string, courseId: string, durationSeconds: number) {
    this.userId = userId;
    this.lessonId = lessonId;
    this.courseId = courseId;
    this.durationSeconds = durationSeconds;
  }
}
