import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * What media knows of a course, from catalog's `catalog.course.media-changed` events: only the
 * newest revision is kept, so a redelivered or late older event changes nothing. A deleted course
 * stays as an unpublished row using nothing, so an event from before its deletion cannot revive it.
 */
@Entity({ tableName: 'known_courses' })
export class KnownCourse {
  @PrimaryKey({ type: 'uuid' })
  courseId: string;

  @Property({ type: 'integer' })
  revision: number;

  @Property({ type: 'uuid' })
  instructorId: string;

  @Property({ type: 'boolean' })
  published: boolean;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  updatedAt: Date = new Date();

  constructor(courseId: string, revision: number, instructorId: string, published: boolean) {
    this.courseId = courseId;
    this.revision = revision;
    this.instructorId = instructorId;
    this.published = published;
  }
}

/** How a course uses a media file: as its cover, a lesson's video or its captions, or an image in a lesson's text. */
export type CourseMediaUseKind = 'cover' | 'video' | 'captions' | 'image';

/** One media file a known course uses at its current revision (replaced as a whole with each revision). */
@Entity({ tableName: 'course_media_uses' })
export class CourseMediaUse {
  @PrimaryKey({ type: 'uuid' })
  courseId: string;

  @PrimaryKey({ type: 'uuid' })
  @Index()
  mediaId: string;

  @Enum({ items: ['cover', 'video', 'captions', 'image'], primary: true })
  kind: CourseMediaUseKind;

  constructor(courseId: string, mediaId: string, kind: CourseMediaUseKind) {
    this.courseId = courseId;
    this.mediaId = mediaId;
    this.kind = kind;
  }
}
