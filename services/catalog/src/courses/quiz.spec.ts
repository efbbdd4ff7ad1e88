import { InvalidInputError } from '@platform/service-kit';
import { quizFrom } from './quiz';

const question = (prompt: string, ...correct: boolean[]) => ({
  prompt,
  choices: correct.map((flag, i) => ({ text: `${prompt}-${i}`, correct: flag })),
});

describe('quizFrom', () => {
  it('gives every question and choice its own id and keeps the answer flags', () => {
    const quiz = quizFrom(60, undefined, [question('a', true, false), question('b', true, true, false)]);
    expect(quiz.passPercent).toBe(60);
    expect(quiz.maxAttempts).toBeNull();
    const ids = quiz.questions.flatMap((q) => [q.id, ...q.choices.map((c) => c.id)]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(quiz.questions[1].choices.map((c) => c.correct)).toEqual([true, true, false]);
  });

  it('refuses a question without a correct choice, naming it', () => {
    expect(() => quizFrom(50, 3, [question('a', true, false), question('b', false, false)])).toThrow(
      new InvalidInputError('question 2 needs at least one correct choice'),
    );
  });
});
