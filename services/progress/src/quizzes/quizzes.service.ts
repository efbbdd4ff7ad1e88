import {
  CheckConstraintViolationException,
  EntityManager,
  UniqueConstraintViolationException,
} from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ConflictError, InvalidInputError } from '@platform/service-kit';
import { CourseCompletion } from '../completion/course-completion';
import { rows } from '../completion/sql';
import { type Answer, grade, type Grade } from './grading';
import { QuizAttempt } from './quiz-attempt.entity';

export interface AttemptResult extends Grade {
  attemptNumber: number;
  attemptsLeft: number | null;
}

const MAX_NUMBER_RACES = 50;

function resultOf(attempt: QuizAttempt): AttemptResult {
  return {
    score: attempt.score,
    passed: attempt.passed,
    correctCount: attempt.correctCount,
    total: attempt.total,
    attemptNumber: attempt.attemptNumber,
    attemptsLeft: attempt.maxAttempts === null ? null : Math.max(0, attempt.maxAttempts - attempt.attemptNumber),
  };
}

@Injectable()
export class QuizzesService {
  constructor(
    private readonly em: EntityManager,
    private readonly completion: CourseCompletion,
  ) {}

  /**
   * Graded here against the answer key catalog sent. A retried submit with the same
   * Idempotency-Key returns the first result; a passing attempt completes the lesson.
   */
  async attempt(
    userId: string,
    lessonId: string,
    answers: Answer[],
    idempotencyKey: string | null,
  ): Promise<AttemptResult> {
    for (let race = 0; race < MAX_NUMBER_RACES; race++) {
      try {
        return await this.em.transactional((em) => this.recordAttempt(em, userId, lessonId, answers, idempotencyKey));
      } catch (error) {
        if (error instanceof CheckConstraintViolationException)
          throw new ConflictError('No attempts left for this quiz');
        if (!(error instanceof UniqueConstraintViolationException)) throw error;
        // Another submit took this attempt number (or this idempotency key) first: look again.
      }
    }
    throw new ConflictError('Too many simultaneous attempts: try again');
  }

  private async recordAttempt(
    em: EntityManager,
    userId: string,
    lessonId: string,
    answers: Answer[],
    idempotencyKey: string | null,
  ): Promise<AttemptResult> {
    const lesson = await this.completion.lessonForLearner(em, userId, lessonId);
    if (lesson.type !== 'quiz' || !lesson.quiz) throw new InvalidInputError('This lesson is not a quiz');
    if (idempotencyKey) {
      const previous = await em.findOne(QuizAttempt, { userId, lessonId, idempotencyKey });
      if (previous) return resultOf(previous);
    }
    const graded = grade(lesson.quiz, answers);
    const [{ last }] = await rows<{ last: number | null }>(
      em,
      'select max(attempt_number) as last from quiz_attempts where user_id = ? and lesson_id = ?',
      [userId, lessonId],
    );
    const attemptNumber = (last ?? 0) + 1;
    const maxAttempts = lesson.quiz.maxAttempts ?? null;
    if (maxAttempts !== null && attemptNumber > maxAttempts) throw new ConflictError('No attempts left for this quiz');
    const attempt = new QuizAttempt({ userId, lessonId, attemptNumber, maxAttempts, idempotencyKey, ...graded });
    em.persist(attempt);
    await em.flush();
    if (graded.passed) await this.completion.lessonDone(em, userId, lesson);
    return resultOf(attempt);
  }
}
