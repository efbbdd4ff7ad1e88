import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import type { LessonType, QuizReviewPolicy } from '@platform/contracts';
import { Section } from './section.entity';

export interface QuizChoice {
  id: string;
  text: string;
  correct: boolean;
}

export interface QuizQuestion {
  id: string;
  prompt: string;
  choices: QuizChoice[];
  /** Shown to learners with the question's result, as the quiz's review setting allows. */
  explanation: string | null;
}

/** Learners' rules of a quiz; the migration gave quizzes made before them QUIZ_DEFAULTS. */
export interface QuizSettings {
  maxAttempts: number;
  review: QuizReviewPolicy;
  allowRetakeAfterPass: boolean;
}

export interface Quiz extends QuizSettings {
  passPercent: number;
  questions: QuizQuestion[];
}

@Entity({ tableName: 'lessons' })
export class Lesson {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Section, { deleteRule: 'cascade' })
  section: Section;

  @Enum({ items: ['text', 'video', 'quiz'] })
  type: LessonType;

  @Property({ type: 'string', length: 200 })
  title: string;

  @Property({ type: 'integer' })
  position: number;

  @Property({ type: 'text', nullable: true })
  content: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  mediaId: string | null = null;

  /** A video lesson's WebVTT captions: a media id of purpose `lesson-captions`. */
  @Property({ type: 'uuid', nullable: true })
  captionsMediaId: string | null = null;

  @Property({ type: 'json', nullable: true })
  quiz: Quiz | null = null;

  constructor(section: Section, type: LessonType, title: string, position: number) {
    this.section = section;
    this.type = type;
    this.title = title;
    this.position = position;
  }
}
