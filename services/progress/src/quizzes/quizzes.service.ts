import {
  CheckConstraintViolationException,
  EntityManager,
  UniqueConstraintViolationException,
} from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { QuizAnswerKey } from '@platform/contracts';
import { ConflictError, InvalidInputError, NotFoundError } from '@platform/service-kit';
import { CourseCompletion, type LearnerLesson } from '../completion/course-completion';
import { rows } from '../database/sql';
import type { AttemptHistory, AttemptResult, AttemptView, QuestionReview } from '../progress.views';
import { type Answer, grade } from './grading';
import { QuizAttempt } from './quiz-attempt.entity';
import { type QuizStanding, standing } from './quiz-standing';

export type { AttemptHistory, AttemptResult, AttemptView, QuestionReview };

const MAX_NUMBER_RACES = 50;

function reviewOf(attempt: QuizAttempt, key: QuizAnswerKey): QuestionReview[] {
  const questions = new Map(key.questions.map((question) => [question.questionId, question]));
  return attempt.questions.map((outcome) => {
    const question = questions.get(outcome.questionId);
    return {
      ...outcome,
      correctChoiceIds: question ? [...question.correctChoiceIds] : null,
      explanation: question?.explanation ?? null,
    };
  });
}

function attemptView(attempt: QuizAttempt, key: QuizAnswerKey, reviewAvailable: boolean): AttemptView {
  const view: AttemptView = {
    id: attempt.id,
    attemptNumber: attempt.attemptNumber,
    score: attempt.score,
    passed: attempt.passed,
    total: attempt.total,
    createdAt: attempt.createdAt.toISOString(),
  };
  if (!reviewAvailable) return view;
  return { ...view, correctCount: attempt.correctCount, questions: reviewOf(attempt, key) };
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

  /** The caller's own attempts on the quiz, newest first; 403 when not enrolled, 404 for an unknown quiz. */
  async history(userId: string, lessonId: string, page: number, limit: number): Promise<AttemptHistory> {
    const em = this.em.fork();
    const { key, state } = await this.learnerQuiz(em, userId, lessonId);
    const [items, total] = await em.findAndCount(
      QuizAttempt,
      { userId, lessonId },
      { orderBy: { attemptNumber: 'desc' }, limit, offset: (page - 1) * limit },
    );
    return {
      lessonId,
      review: key.review,
      allowRetakeAfterPass: key.allowRetakeAfterPass,
      ...state,
      items: items.map((attempt) => attemptView(attempt, key, state.reviewAvailable)),
      total,
      page,
      limit,
    };
  }

  /** One attempt of the caller's: anyone else's, or one of another quiz, is unknown (404). */
  async attemptOf(userId: string, lessonId: string, attemptId: string): Promise<AttemptResult> {
    const em = this.em.fork();
    const { key, state } = await this.learnerQuiz(em, userId, lessonId);
    const attempt = await em.findOne(QuizAttempt, { id: attemptId, userId, lessonId });
    if (!attempt) throw new NotFoundError('Quiz attempt', attemptId);
    return { ...attemptView(attempt, key, state.reviewAvailable), ...state };
  }

  private async recordAttempt(
    em: EntityManager,
    userId: string,
    lessonId: string,
    answers: Answer[],
    idempotencyKey: string | null,
  ): Promise<AttemptResult> {
    const lesson = await this.completion.lessonForLearner(em, userId, lessonId);
    const key = quizKeyOf(lesson);
    if (idempotencyKey) {
      const previous = await em.findOne(QuizAttempt, { userId, lessonId, idempotencyKey });
      if (previous) {
        const now = standing(key, ...(await this.attemptsSoFar(em, userId, lessonId)));
        return { ...attemptView(previous, key, now.reviewAvailable), ...now };
      }
    }
    const graded = grade(key, answers);
    // One statement reads both, so the number taken below (unique per learner and quiz) proves
    // that every earlier attempt, and any pass among them, was seen: racing submits cannot slip
    // past the limit or the no-retake rule.
    const [used, passedBefore] = await this.attemptsSoFar(em, userId, lessonId);
    const before = standing(key, used, passedBefore);
    if (!before.canAttempt) {
      if (before.attemptsLeft === 0)
        throw new ConflictError(
          `No attempts left for this quiz: its limit is ${key.maxAttempts} attempt${key.maxAttempts === 1 ? '' : 's'}`,
        );
      throw new ConflictError('This quiz is passed already and cannot be taken again');
    }
    const attempt = new QuizAttempt({
      userId,
      lessonId,
      attemptNumber: used + 1,
      maxAttempts: key.maxAttempts,
      idempotencyKey,
      ...graded,
    });
    em.persist(attempt);
    await em.flush();
    if (graded.passed) await this.completion.lessonDone(em, userId, lesson);
    const after = standing(key, used + 1, passedBefore || graded.passed);
    return { ...attemptView(attempt, key, after.reviewAvailable), ...after };
  }

  /** Attempts made (the highest number) and whether any passed, in one statement. */
  private async attemptsSoFar(em: EntityManager, userId: string, lessonId: string): Promise<[number, boolean]> {
    const [{ last, passed }] = await rows<{ last: number | null; passed: boolean | null }>(
      em,
      `select max(attempt_number) as last, bool_or(passed) as passed
         from quiz_attempts where user_id = ? and lesson_id = ?`,
      [userId, lessonId],
    );
    return [last ?? 0, passed ?? false];
  }

  private async learnerQuiz(
    em: EntityManager,
    userId: string,
    lessonId: string,
  ): Promise<{ key: QuizAnswerKey; state: QuizStanding }> {
    const key = quizKeyOf(await this.completion.lessonForLearner(em, userId, lessonId));
    return { key, state: standing(key, ...(await this.attemptsSoFar(em, userId, lessonId))) };
  }
}

function quizKeyOf(lesson: LearnerLesson): QuizAnswerKey {
  if (lesson.type !== 'quiz' || !lesson.quiz) throw new InvalidInputError('This lesson is not a quiz');
  return lesson.quiz;
}
