import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref, ref } from '@mikro-orm/core';
import { Lesson } from '../courses/lesson.entity';

/**
 * Stored as plain text, never HTML: the web app escapes it when showing it. A lesson's comments go
 * with it (foreign key, on delete cascade), whether the lesson, its section or its course is deleted.
 */
@Entity({ tableName: 'comments' })
@Index({ properties: ['lesson', 'createdAt'] })
export class Comment {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Lesson, { ref: true, deleteRule: 'cascade', index: false })
  lesson: Ref<Lesson>;

  @Property({ type: 'uuid' })
  authorId: string;

  @Property({ type: 'string', length: 254 })
  authorName: string;

  @Property({ type: 'text' })
  body: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  constructor(lesson: Lesson, authorId: string, authorName: string, body: string) {
    this.lesson = ref(lesson);
    this.authorId = authorId;
    this.authorName = authorName;
    this.body = body;
  }
}
