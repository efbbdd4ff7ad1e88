import { QUIZ_DEFAULTS } from '@platform/contracts';
import { InvalidInputError } from '@platform/service-kit';
import { quizChanged, quizFrom } from './quiz';

const question = (prompt: string, ...correct: boolean[]) => ({
  prompt,
  choices: correct.map((flag, i) => ({ text: `${prompt}-${i}`, correct: flag })),
});

describe('quizFrom', () => {
  it('gives every question and choice its own id and keeps the answer flags', () => {
    const quiz = quizFrom(60, {}, [question('a', true, false), question('b', true, true, false)]);
    expect(quiz.passPercent).toBe(60);
    const ids = quiz.questions.flatMap((q) => [q.id, ...q.choices.map((c) => c.id)]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(quiz.questions[1].choices.map((c) => c.correct)).toEqual([true, true, false]);
  });

  it('gives settings left out the defaults: a limited number of attempts, review after passing or the last attempt', () => {
    const quiz = quizFrom(60, {}, [question('a', true, false)]);
    expect(quiz).toMatchObject({ maxAttempts: 3, review: 'after-pass-or-last-attempt', allowRetakeAfterPass: false });
    expect(quiz).toMatchObject(QUIZ_DEFAULTS);
    const set = quizFrom(60, { maxAttempts: 5, review: 'immediately', allowRetakeAfterPass: true }, [
      question('a', true, false),
    ]);
    expect(set).toMatchObject({ maxAttempts: 5, review: 'immediately', allowRetakeAfterPass: true });
  });

  it('keeps an explanation trimmed, and an empty one as none', () => {
    const quiz = quizFrom(50, {}, [
      { ...question('a', true, false), explanation: '  Because a is right.  ' },
      { ...question('b', true, false), explanation: '   ' },
      question('c', true, false),
    ]);
    expect(quiz.questions.map((q) => q.explanation)).toEqual(['Because a is right.', null, null]);
  });

  it('refuses a question without a correct choice, naming it', () => {
    expect(() => quizFrom(50, {}, [question('a', true, false), question('b', false, false)])).toThrow(
      new InvalidInputError('question 2 needs at least one correct choice'),
    );
  });
});

describe('quizChanged', () => {
  it('changes only what was sent, and keeps the questions (and their ids) unless new ones are sent', () => {
    const current = quizFrom(50, {}, [question('a', true, false)]);
    const changed = quizChanged(current, { review: 'after-pass', maxAttempts: 7 });
    expect(changed).toEqual({ ...current, review: 'after-pass', maxAttempts: 7 });
    const replaced = quizChanged(current, { questions: [question('b', false, true)] });
    expect(replaced.questions[0].id).not.toBe(current.questions[0].id);
    expect(replaced).toMatchObject({ passPercent: 50, maxAttempts: 3 });
  });
});
