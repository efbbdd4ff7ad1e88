import type { QuizAnswerKey } from '@platform/contracts';
import { grade } from './grading';

const key: QuizAnswerKey = {
  passPercent: 50,
  maxAttempts: null,
  questions: [
    { questionId: 'q1', choiceIds: ['a', 'b'], correctChoiceIds: ['a'] },
    { questionId: 'q2', choiceIds: ['c', 'd', 'e'], correctChoiceIds: ['c', 'e'] },
    { questionId: 'q3', choiceIds: ['f', 'g'], correctChoiceIds: ['g'] },
  ],
};

describe('grading', () => {
  it('counts a question right only when the chosen set equals the correct set', () => {
    expect(
      grade(key, [
        { questionId: 'q1', choiceIds: ['a'] },
        { questionId: 'q2', choiceIds: ['e', 'c'] },
      ]),
    ).toEqual({ score: 66, passed: true, correctCount: 2, total: 3 });
    expect(grade(key, [{ questionId: 'q2', choiceIds: ['c'] }])).toEqual({
      score: 0,
      passed: false,
      correctCount: 0,
      total: 3,
    });
    expect(grade(key, [{ questionId: 'q1', choiceIds: ['a', 'b'] }]).correctCount).toBe(0);
  });

  it('refuses unknown or repeated questions and unknown choices', () => {
    expect(() => grade(key, [{ questionId: 'zz', choiceIds: [] }])).toThrow(/unknown questionId zz/);
    expect(() => grade(key, [{ questionId: 'q1', choiceIds: ['x'] }])).toThrow(/unknown choiceId x/);
    expect(() =>
      grade(key, [
        { questionId: 'q1', choiceIds: ['a'] },
        { questionId: 'q1', choiceIds: ['a'] },
      ]),
    ).toThrow(/answered twice/);
  });
});
