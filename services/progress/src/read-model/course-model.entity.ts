import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';

export const COURSE_STATUSES = ['published', 'unpublished', 'deleted'] as const;
/** What progress knows of a course from catalog's events: only `published` courses take enrolments. */
export type CourseStatus = (typeof COURSE_STATUSES)[number];

/** progress's own copy of a course catalog published, fed only by catalog events. */
@Entity({ tableName: 'course_models' })
export class CourseModel {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  /** The catalog revision this copy reflects; events with a revision not newer are ignored. */
  @Property({ type: 'integer' })
  revision: number;

  @Property({ type: 'string', length: 200 })
  title: string;

  @Enum({ items: () => COURSE_STATUSES, default: 'published' })
  status: CourseStatus;

  /**
   * False for a tombstone: an unpublish/delete that arrived before any snapshot, kept only so that a
   * late older snapshot cannot publish the course again. Such a course is unknown to learners.
   */
  @Property({ type: 'boolean', default: true })
  everPublished: boolean;

  /** The course's instructor as of its newest snapshot, who may read its stats; null for a tombstone. */
  @Property({ type: 'uuid', nullable: true })
  instructorId: string | null = null;

  constructor(id: string, revision: number, title: string, status: CourseStatus, everPublished = true) {
    this.id = id;
    this.revision = revision;
    this.title = title;
    this.status = status;
    this.everPublished = everPublished;
  }
}
