/**
 * A quiz's rules for its learners, set by its instructor in catalog and enforced by progress (which
 * grades): how many attempts, when per-question results may be seen, and whether a passed quiz can
 * be taken again. One list shared by catalog (validates), progress (enforces) and the web app.
 */

/**
 * When a learner may see which questions they got right, the right choices and the explanations:
 * after every attempt, once they passed, once they have no attempt left, or at the first of the two.
 */
export const QUIZ_REVIEW_POLICIES = [
  'immediately',
  'after-pass',
  'after-last-attempt',
  'after-pass-or-last-attempt',
] as const;
export type QuizReviewPolicy = (typeof QUIZ_REVIEW_POLICIES)[number];

export const QUIZ_REVIEW_LABELS: Record<QuizReviewPolicy, string> = {
  immediately: 'Right after each attempt',
  'after-pass': 'Only after passing',
  'after-last-attempt': 'Only after the last attempt',
  'after-pass-or-last-attempt': 'After passing or after the last attempt',
};

export function isQuizReviewPolicy(value: unknown): value is QuizReviewPolicy {
  return typeof value === 'string' && (QUIZ_REVIEW_POLICIES as readonly string[]).includes(value);
}

/** What a quiz gets when its instructor says nothing (and what quizzes made before these settings got). */
export const QUIZ_DEFAULTS = {
  maxAttempts: 3,
  review: 'after-pass-or-last-attempt',
  allowRetakeAfterPass: false,
} as const satisfies { maxAttempts: number; review: QuizReviewPolicy; allowRetakeAfterPass: boolean };

/**
 * Bounds of the instructor's attempt limit: every attempt reports a score, and a score is a hint
 * about the answers, so the limit is never unbounded.
 */
export const QUIZ_MAX_ATTEMPTS_BOUNDS = { min: 1, max: 20 } as const;

/** Longest explanation an instructor can write for one question. */
export const QUIZ_EXPLANATION_MAX_LENGTH = 2000;
