import { randomUUID } from 'node:crypto';
import { Collection, Entity, Enum, Index, OneToMany, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Section } from './section.entity';

export type CourseStatus = 'draft' | 'published';

/** The course aggregate root: its sections and lessons change only through it (positions, revision). */
@Entity({ tableName: 'courses' })
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

  @Enum({ items: ['draft', 'published'] })
  status: CourseStatus = 'draft';

  @Index()
  @Property({ type: 'uuid' })
  instructorId: string;

  @Property({ type: 'uuid', nullable: true })
  coverMediaId: string | null = null;

  /** Bumped by every change, so event consumers can ignore stale snapshots. */
  @Property({ type: 'integer' })
  revision = 1;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  publishedAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @OneToMany(() => Section, (section) => section.course, { orderBy: { position: 'asc' } })
  sections = new Collection<Section>(this);

  constructor(title: string, slug: string, description: string, instructorId: string) {
    this.title = title;
    this.slug = slug;
    this.description = description;
    this.instructorId = instructorId;
  }

  touch(): void {
    this.revision += 1;
  }

  lessonCount(): number {
    return this.sections.getItems().reduce((total, section) => total + section.lessons.length, 0);
  }
}
