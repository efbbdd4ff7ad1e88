import { Check, Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { QuestionOutcome } from './grading';

/**
 * Attempt numbers are unique per learner and quiz, and the limit in force is stored with each
 * attempt under a CHECK: two concurrent submits cannot both take the last allowed number, and
 * none can exceed the limit, whatever the application does.
 */
@Entity({ tableName: 'quiz_attempts' })
@Unique({ name: 'quiz_attempts_number_unique', properties: ['userId', 'lessonId', 'attemptNumber'] })
@Unique({ name: 'quiz_attempts_idempotency_unique', properties: ['userId', 'lessonId', 'idempotencyKey'] })
@Check({ name: 'quiz_attempts_within_limit', expression: 'max_attempts is null or attempt_number <= max_attempts' })
export class QuizAttempt {
  @PrimaryKey({ type: 'uuid' })
  id: string = crypto.randomUUID();

  @Property({ type: 'uuid' })
  userId: string;

  @Property({ type: 'uuid' })
  lessonId: string;

  @Property({ type: 'integer' })
  attemptNumber: number;

  @Property({ type: 'integer', nullable: true })
  maxAttempts: number | null;

  @Property({ type: 'string', length: 200, nullable: true })
  idempotencyKey: string | null;

  @Property({ type: 'integer' })
  score: number;

  @Property({ type: 'integer' })
  correctCount: number;

  @Property({ type: 'integer' })
  total: number;

  @Property({ type: 'boolean' })
  passed: boolean;

  /** Each question as graded (choices made, right or not); attempts made before it was kept have none. */
  @Property({ type: 'json', columnType: 'jsonb', defaultRaw: "'[]'" })
  questions: QuestionOutcome[];

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  constructor(init: Omit<QuizAttempt, 'id' | 'createdAt'>) {
    this.userId = init.userId;
    this.lessonId = init.lessonId;
    this.attemptNumber = init.attemptNumber;
    this.maxAttempts = init.maxAttempts;
    this.idempotencyKey = init.idempotencyKey;
    this.score = init.score;
    this.correctCount = init.correctCount;
    this.total = init.total;
    this.passed = init.passed;
    this.questions = init.questions;
  }
}
