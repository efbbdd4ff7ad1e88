import type { Lesson } from '../api/types';
import {
  emptyQuiz,
  moveItem,
  quizFromLesson,
  quizLessonInput,
  quizReducer,
  validateQuiz,
  type QuizAction,
  type QuizDraft,
} from './quiz-builder';

const apply = (draft: QuizDraft, ...actions: QuizAction[]): QuizDraft => actions.reduce(quizReducer, draft);

describe('quiz builder', () => {
  it('starts with one question of two choices, the first marked correct', () => {
    const draft = emptyQuiz();
    expect(draft.questions).toHaveLength(1);
    expect(draft.questions[0].choices.map((c) => c.correct)).toEqual([true, false]);
    expect(draft.passPercent).toBe(70);
  });

  it('builds the contract payload of a quiz lesson', () => {
    const draft = apply(
      emptyQuiz(),
      { type: 'title', title: '  Types quiz ' },
      { type: 'passPercent', passPercent: 60 },
      { type: 'prompt', question: 0, prompt: 'Which flag turns on all strict checks?' },
      { type: 'choiceText', question: 0, choice: 0, text: 'strict' },
      { type: 'choiceText', question: 0, choice: 1, text: 'noEmit' },
      { type: 'addQuestion' },
      { type: 'prompt', question: 1, prompt: 'Valid narrowing checks?' },
      { type: 'choiceText', question: 1, choice: 0, text: 'typeof' },
      { type: 'choiceText', question: 1, choice: 1, text: 'instanceof' },
      { type: 'addChoice', question: 1 },
      { type: 'choiceText', question: 1, choice: 2, text: 'as' },
      { type: 'toggleCorrect', question: 1, choice: 1 },
      { type: 'explanation', question: 0, explanation: '  strict turns on the whole family.  ' },
      { type: 'maxAttempts', maxAttempts: 5 },
      { type: 'review', review: 'after-pass' },
      { type: 'allowRetakeAfterPass', allowRetakeAfterPass: true },
    );
    expect(validateQuiz(draft)).toEqual([]);
    expect(quizLessonInput(draft)).toEqual({
      type: 'quiz',
      title: 'Types quiz',
      passPercent: 60,
      maxAttempts: 5,
      review: 'after-pass',
      allowRetakeAfterPass: true,
      questions: [
        {
          prompt: 'Which flag turns on all strict checks?',
          choices: [
            { text: 'strict', correct: true },
            { text: 'noEmit', correct: false },
          ],
          explanation: 'strict turns on the whole family.',
        },
        {
          prompt: 'Valid narrowing checks?',
          choices: [
            { text: 'typeof', correct: true },
            { text: 'instanceof', correct: true },
            { text: 'as', correct: false },
          ],
          explanation: null,
        },
      ],
    });
  });

  it('starts a quiz with the default rules: 3 attempts, review after passing or the last attempt, no retake', () => {
    expect(emptyQuiz()).toMatchObject({
      maxAttempts: 3,
      review: 'after-pass-or-last-attempt',
      allowRetakeAfterPass: false,
    });
  });

  it('gives every question and choice a distinct key', () => {
    const draft = apply(
      emptyQuiz(),
      { type: 'addQuestion' },
      { type: 'addChoice', question: 0 },
      { type: 'addQuestion' },
    );
    const keys = draft.questions.flatMap((q) => [q.key, ...q.choices.map((c) => c.key)]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('removes and reorders questions and choices', () => {
    let draft = apply(
      emptyQuiz(),
      { type: 'prompt', question: 0, prompt: 'A' },
      { type: 'addQuestion' },
      { type: 'prompt', question: 1, prompt: 'B' },
      { type: 'moveQuestion', question: 1, by: -1 },
    );
    expect(draft.questions.map((q) => q.prompt)).toEqual(['B', 'A']);
    draft = apply(draft, { type: 'moveQuestion', question: 0, by: -1 });
    expect(draft.questions.map((q) => q.prompt)).toEqual(['B', 'A']);
    draft = apply(draft, { type: 'removeChoice', question: 0, choice: 0 }, { type: 'removeQuestion', question: 1 });
    expect(draft.questions).toHaveLength(1);
    expect(draft.questions[0].choices).toHaveLength(1);
  });

  it('ignores actions on questions that do not exist', () => {
    const draft = emptyQuiz();
    expect(quizReducer(draft, { type: 'addChoice', question: 5 })).toBe(draft);
    expect(quizReducer(draft, { type: 'prompt', question: -1, prompt: 'x' })).toBe(draft);
  });

  it('says what is missing, question by question', () => {
    const draft = apply(
      emptyQuiz(),
      { type: 'passPercent', passPercent: 120 },
      { type: 'toggleCorrect', question: 0, choice: 0 },
      { type: 'removeChoice', question: 0, choice: 1 },
    );
    expect(validateQuiz(draft)).toEqual([
      'The quiz needs a title.',
      'The pass mark must be a whole number from 0 to 100.',
      'Question 1 needs a prompt.',
      'Question 1 needs at least two choices.',
      'Question 1 has an empty choice.',
      'Question 1 needs at least one correct choice.',
    ]);
    expect(validateQuiz({ ...draft, title: 'x', passPercent: 50, questions: [] })).toEqual([
      'Add at least one question.',
    ]);
    expect(validateQuiz({ ...draft, title: 'x', passPercent: Number.NaN, questions: [] })).toContain(
      'The pass mark must be a whole number from 0 to 100.',
    );
    for (const maxAttempts of [0, 21, 2.5, Number.NaN])
      expect(validateQuiz({ ...emptyQuiz(), title: 'x', maxAttempts })).toContain(
        'Attempts allowed must be a whole number from 1 to 20.',
      );
    const long = apply(emptyQuiz(), { type: 'explanation', question: 0, explanation: 'x'.repeat(2001) });
    expect(validateQuiz(long)).toContain("Question 1's explanation is longer than 2000 characters.");
  });

  it('loads an existing quiz as its instructor sees it', () => {
    const lesson: Lesson = {
      id: 'l1',
      courseId: 'c1',
      sectionId: 's1',
      type: 'quiz',
      title: 'Check',
      position: 0,
      passPercent: 50,
      maxAttempts: 4,
      review: 'immediately',
      allowRetakeAfterPass: true,
      questions: [
        {
          id: 'q1',
          prompt: 'Which object keeps Pods running?',
          choices: [
            { id: 'c1', text: 'Deployment', correct: true },
            { id: 'c2', text: 'ConfigMap' },
          ],
          explanation: 'A Deployment keeps its replicas.',
        },
      ],
    };
    const draft = quizFromLesson(lesson);
    expect(draft.title).toBe('Check');
    expect(draft).toMatchObject({ passPercent: 50, maxAttempts: 4, review: 'immediately', allowRetakeAfterPass: true });
    expect(draft.questions[0].explanation).toBe('A Deployment keeps its replicas.');
    expect(draft.questions[0].choices.map((c) => [c.text, c.correct])).toEqual([
      ['Deployment', true],
      ['ConfigMap', false],
    ]);
    const added = quizReducer(draft, { type: 'addQuestion' });
    const keys = added.questions.flatMap((q) => [q.key, ...q.choices.map((c) => c.key)]);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('moveItem', () => {
  it('moves within bounds and leaves out-of-range moves alone', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
  });
});
