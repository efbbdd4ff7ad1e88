import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref, ref, Unique } from '@mikro-orm/core';
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

  /** The comment this one answers (one level only: never a reply itself); replies go with it. */
  @ManyToOne(() => Comment, { ref: true, nullable: true, deleteRule: 'cascade' })
  parent: Ref<Comment> | null = null;

  /** Set when the author last changed the body. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  editedAt: Date | null = null;

  constructor(lesson: Lesson, authorId: string, authorName: string, body: string) {
    this.lesson = ref(lesson);
    this.authorId = authorId;
    this.authorName = authorName;
    this.body = body;
  }
}

/** A signed-in user's report of a comment, once per user; the moderation queue puts reported comments first. */
@Entity({ tableName: 'comment_reports' })
@Unique({ properties: ['comment', 'reporterId'] })
export class CommentReport {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Comment, { ref: true, deleteRule: 'cascade' })
  comment: Ref<Comment>;

  @Property({ type: 'uuid' })
  reporterId: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  constructor(comment: Comment, reporterId: string) {
    this.comment = ref(comment);
    this.reporterId = reporterId;
  }
}
