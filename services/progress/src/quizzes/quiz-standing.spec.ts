import { type QuizRules, standing } from './quiz-standing';

const rules = (review: QuizRules['review'], allowRetakeAfterPass = false, maxAttempts = 3): QuizRules => ({
  review,
  allowRetakeAfterPass,
  maxAttempts,
});

describe('quiz standing', () => {
  it('counts attempts left and refuses more once the limit is used up, or after a pass without retakes', () => {
    expect(standing(rules('immediately'), 0, false)).toEqual({
      maxAttempts: 3,
      attemptsUsed: 0,
      attemptsLeft: 3,
      quizPassed: false,
      canAttempt: true,
      reviewAvailable: false,
    });
    expect(standing(rules('immediately'), 3, false)).toMatchObject({ attemptsLeft: 0, canAttempt: false });
    expect(standing(rules('immediately'), 1, true)).toMatchObject({ attemptsLeft: 2, canAttempt: false });
    expect(standing(rules('immediately', true), 1, true)).toMatchObject({ attemptsLeft: 2, canAttempt: true });
    expect(standing(rules('immediately', true), 3, true)).toMatchObject({ canAttempt: false });
    // A limit lowered below the attempts made leaves none, never a negative count.
    expect(standing(rules('immediately', false, 2), 5, false)).toMatchObject({ attemptsLeft: 0, canAttempt: false });
  });

  it.each([
    // review, retake allowed, attempts used, passed, review available
    ['immediately', false, 0, false, false],
    ['immediately', false, 1, false, true],
    ['after-pass', false, 2, false, false],
    ['after-pass', false, 3, false, false],
    ['after-pass', false, 2, true, true],
    ['after-last-attempt', false, 2, false, false],
    ['after-last-attempt', false, 3, false, true],
    ['after-last-attempt', false, 1, true, true],
    ['after-last-attempt', true, 1, true, false],
    ['after-last-attempt', true, 3, true, true],
    ['after-pass-or-last-attempt', false, 2, false, false],
    ['after-pass-or-last-attempt', false, 3, false, true],
    ['after-pass-or-last-attempt', true, 1, true, true],
  ] as const)('%s (retake %s) after %d attempts, passed %s: review %s', (review, retake, used, passed, expected) => {
    expect(standing(rules(review, retake), used, passed).reviewAvailable).toBe(expected);
  });
});
