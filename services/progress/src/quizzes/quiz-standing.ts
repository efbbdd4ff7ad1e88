import type { QuizAnswerKey } from '@platform/contracts';
import type { QuizStanding } from '../progress.views';

export type { QuizStanding };

export type QuizRules = Pick<QuizAnswerKey, 'maxAttempts' | 'review' | 'allowRetakeAfterPass'>;

/**
 * The quiz's rules applied to the attempts a learner made. Attempts are over when the limit is used
 * up, or when they passed and the quiz takes no retake: from then on no answer they see can improve
 * an attempt of theirs, which is what "after the last attempt" waits for.
 */
export function standing(rules: QuizRules, attemptsUsed: number, passed: boolean): QuizStanding {
  const attemptsLeft = Math.max(0, rules.maxAttempts - attemptsUsed);
  const canAttempt = attemptsLeft > 0 && (!passed || rules.allowRetakeAfterPass);
  const over = attemptsUsed > 0 && !canAttempt;
  const reviewAvailable = {
    immediately: attemptsUsed > 0,
    'after-pass': passed,
    'after-last-attempt': over,
    'after-pass-or-last-attempt': passed || over,
  }[rules.review];
  return {
    maxAttempts: rules.maxAttempts,
    attemptsUsed,
    attemptsLeft,
    quizPassed: passed,
    canAttempt,
    reviewAvailable,
  };
}
