import { randomUUID } from 'node:crypto';
import { Collection, Entity, Enum, Index, OneToMany, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { COURSE_CATEGORY_IDS, type CourseCategory } from '@platform/contracts';
import { estimatedMinutes } from './course-length';
import type { Lesson } from './lesson.entity';
import { Section } from './section.entity';

/** archived: withdrawn for good by its instructor (restored as a draft); like a draft, seen by its editors only. */
export const COURSE_STATUSES = ['draft', 'published', 'archived'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];

/** The course aggregate root: its sections and lessons change only through it (positions, revision). */
@Entity({ tableName: 'courses' })
// Full-text search over the weighted vector (prefixes), and trigram similarity over the raw text
// (typos): both GIN-indexed; catalog's listing (CoursesService.list) uses exactly these expressions.
@Index({
  name: 'courses_search_vector_idx',
  expression: 'create index "courses_search_vector_idx" on "courses" using gin ("search_vector")',
})
@Index({
  name: 'courses_search_trigram_idx',
  expression: `create index "courses_search_trigram_idx" on "courses" using gin (("title" || ' ' || "description") gin_trgm_ops)`,
})
export class Course {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 200 })
  title: string;

  @Unique()
  @Property({ type: 'string', length: 220 })
  slug: string;

  @Property({ type: 'text' })
  description: string;

  /** The title (weight A) and description (B) as words, for prefix search; kept by PostgreSQL. */
  @Property({
    columnType: 'tsvector',
    generated: `(setweight(to_tsvector('simple', coalesce("title", '')), 'A') || setweight(to_tsvector('simple', coalesce("description", '')), 'B')) stored`,
    lazy: true,
    hidden: true,
    nullable: true,
    ignoreSchemaChanges: ['type', 'extra'],
  })
  searchVector?: string;

  @Enum({ items: COURSE_CATEGORY_IDS, nullable: true })
  category: CourseCategory | null = null;

  @Enum({ items: () => COURSE_STATUSES })
  status: CourseStatus = 'draft';

  @Index()
  @Property({ type: 'uuid' })
  instructorId: string;

  /**
   * The instructor's display name from their access token (its name claim) when they created the
   * course, refreshed whenever they publish it: catalog never asks identity.
   */
  @Property({ type: 'string', length: 100, default: '' })
  instructorName: string;

  @Property({ type: 'uuid', nullable: true })
  coverMediaId: string | null = null;

  /** Bumped by every change, so event consumers can ignore stale snapshots. */
  @Property({ type: 'integer' })
  revision = 1;

  /** Kept with every change (touch) so the listing shows and filters on them without reading lessons. */
  @Property({ type: 'integer', default: 0 })
  lessonCount = 0;

  /** See course-length.ts. */
  @Property({ type: 'integer', default: 0 })
  estimatedMinutes = 0;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  publishedAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @OneToMany(() => Section, (section) => section.course, { orderBy: { position: 'asc' } })
  sections = new Collection<Section>(this);

  constructor(title: string, slug: string, description: string, instructorId: string, instructorName: string) {
    this.title = title;
    this.slug = slug;
    this.description = description;
    this.instructorId = instructorId;
    this.instructorName = instructorName.slice(0, 100);
  }

  /** Every change: a new revision, and the listing's figures recounted from the loaded outline. */
  touch(): void {
    this.revision += 1;
    const lessons = this.lessons();
    this.lessonCount = lessons.length;
    this.estimatedMinutes = estimatedMinutes(lessons);
  }

  lessons(): Lesson[] {
    return this.sections.getItems().flatMap((section) => section.lessons.getItems());
  }
}
