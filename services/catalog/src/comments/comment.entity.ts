import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** Stored as plain text, never HTML: the web app escapes it when showing it. */
@Entity({ tableName: 'comments' })
@Index({ properties: ['lessonId', 'createdAt'] })
export class Comment {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  lessonId: string;

  @Property({ type: 'uuid' })
  authorId: string;

  @Property({ type: 'string', length: 254 })
  authorName: string;

  @Property({ type: 'text' })
  body: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  constructor(lessonId: string, authorId: string, authorName: string, body: string) {
    this.lessonId = lessonId;
    this.authorId = authorId;
    this.authorName = authorName;
    this.body = body;
  }
}
