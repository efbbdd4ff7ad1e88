import type { QuizAnswerKey } from '@platform/contracts';
import { grade } from './grading';

const question = (questionId: string, choiceIds: string[], correctChoiceIds: string[]) => ({
  questionId,
  choiceIds,
  correctChoiceIds,
  explanation: null,
});

const key: QuizAnswerKey = {
  passPercent: 50,
  maxAttempts: 3,
  review: 'immediately',
  allowRetakeAfterPass: false,
  questions: [
    question('q1', ['a', 'b'], ['a']),
    question('q2', ['c', 'd', 'e'], ['c', 'e']),
    question('q3', ['f', 'g'], ['g']),
  ],
};

describe('grading', () => {
  it('counts a question right only when the chosen set equals the correct set', () => {
    expect(
      grade(key, [
        { questionId: 'q1', choiceIds: ['a'] },
        { questionId: 'q2', choiceIds: ['e', 'c'] },
      ]),
    ).toMatchObject({ score: 66, passed: true, correctCount: 2, total: 3 });
    expect(grade(key, [{ questionId: 'q2', choiceIds: ['c'] }])).toMatchObject({
      score: 0,
      passed: false,
      correctCount: 0,
      total: 3,
    });
    expect(grade(key, [{ questionId: 'q1', choiceIds: ['a', 'b'] }]).correctCount).toBe(0);
  });

  it('keeps every question’s outcome in the quiz’s order, unanswered ones with no choices', () => {
    expect(
      grade(key, [
        { questionId: 'q3', choiceIds: ['f'] },
        { questionId: 'q1', choiceIds: ['a', 'a'] },
      ]).questions,
    ).toEqual([
      { questionId: 'q1', choiceIds: ['a'], correct: true },
      { questionId: 'q2', choiceIds: [], correct: false },
      { questionId: 'q3', choiceIds: ['f'], correct: false },
    ]);
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
