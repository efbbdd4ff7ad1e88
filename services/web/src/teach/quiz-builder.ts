// The quiz builder's state, as pure functions: the editor form dispatches these actions, and the
// result is validated and turned into the lesson payload of the contract.
import {
  QUIZ_DEFAULTS,
  QUIZ_EXPLANATION_MAX_LENGTH,
  QUIZ_MAX_ATTEMPTS_BOUNDS,
  type QuizReviewPolicy,
} from '@platform/contracts';
import type { Lesson, LessonInput, QuizQuestionInput, QuizSettingsInput } from '../api/types';

export interface ChoiceDraft {
  readonly key: string;
  readonly text: string;
  readonly correct: boolean;
}

export interface QuestionDraft {
  readonly key: string;
  readonly prompt: string;
  readonly choices: readonly ChoiceDraft[];
  /** Shown to learners with the question's result, as the review setting allows. */
  readonly explanation: string;
}

export interface QuizDraft {
  readonly title: string;
  readonly passPercent: number;
  readonly maxAttempts: number;
  readonly review: QuizReviewPolicy;
  readonly allowRetakeAfterPass: boolean;
  readonly questions: readonly QuestionDraft[];
  /** Source of the keys React uses for list items. */
  readonly nextKey: number;
}

export type QuizAction =
  | { readonly type: 'title'; readonly title: string }
  | { readonly type: 'passPercent'; readonly passPercent: number }
  | { readonly type: 'maxAttempts'; readonly maxAttempts: number }
  | { readonly type: 'review'; readonly review: QuizReviewPolicy }
  | { readonly type: 'allowRetakeAfterPass'; readonly allowRetakeAfterPass: boolean }
  | { readonly type: 'explanation'; readonly question: number; readonly explanation: string }
  | { readonly type: 'addQuestion' }
  | { readonly type: 'removeQuestion'; readonly question: number }
  | { readonly type: 'moveQuestion'; readonly question: number; readonly by: -1 | 1 }
  | { readonly type: 'prompt'; readonly question: number; readonly prompt: string }
  | { readonly type: 'addChoice'; readonly question: number }
  | { readonly type: 'removeChoice'; readonly question: number; readonly choice: number }
  | { readonly type: 'choiceText'; readonly question: number; readonly choice: number; readonly text: string }
  | { readonly type: 'toggleCorrect'; readonly question: number; readonly choice: number }
  | { readonly type: 'reset'; readonly draft: QuizDraft };

export const DEFAULT_PASS_PERCENT = 70;

/** Moves the item at `index` by `by` places; out-of-range moves return the list unchanged. */
export function moveItem<T>(items: readonly T[], index: number, by: number): T[] {
  const target = index + by;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return [...items];
  const copy = [...items];
  const [item] = copy.splice(index, 1);
  copy.splice(target, 0, item);
  return copy;
}

function blankQuestion(nextKey: number): { question: QuestionDraft; nextKey: number } {
  return {
    question: {
      key: `q${nextKey}`,
      prompt: '',
      choices: [
        { key: `c${nextKey + 1}`, text: '', correct: true },
        { key: `c${nextKey + 2}`, text: '', correct: false },
      ],
      explanation: '',
    },
    nextKey: nextKey + 3,
  };
}

export function emptyQuiz(): QuizDraft {
  const { question, nextKey } = blankQuestion(1);
  return { title: '', passPercent: DEFAULT_PASS_PERCENT, ...QUIZ_DEFAULTS, questions: [question], nextKey };
}

/** The draft of an existing quiz lesson (as its instructor sees it, with `correct` flags). */
export function quizFromLesson(lesson: Lesson): QuizDraft {
  let key = 1;
  const questions = (lesson.questions ?? []).map((question) => ({
    key: `q${key++}`,
    prompt: question.prompt,
    choices: question.choices.map((choice) => ({ key: `c${key++}`, text: choice.text, correct: !!choice.correct })),
    explanation: question.explanation ?? '',
  }));
  return {
    title: lesson.title,
    passPercent: lesson.passPercent ?? DEFAULT_PASS_PERCENT,
    maxAttempts: lesson.maxAttempts ?? QUIZ_DEFAULTS.maxAttempts,
    review: lesson.review ?? QUIZ_DEFAULTS.review,
    allowRetakeAfterPass: lesson.allowRetakeAfterPass ?? QUIZ_DEFAULTS.allowRetakeAfterPass,
    questions,
    nextKey: key,
  };
}

function updateQuestion(
  draft: QuizDraft,
  index: number,
  change: (question: QuestionDraft) => QuestionDraft,
): QuizDraft {
  if (index < 0 || index >= draft.questions.length) return draft;
  return { ...draft, questions: draft.questions.map((q, i) => (i === index ? change(q) : q)) };
}

export function quizReducer(draft: QuizDraft, action: QuizAction): QuizDraft {
  switch (action.type) {
    case 'title':
      return { ...draft, title: action.title };
    case 'passPercent':
      return { ...draft, passPercent: action.passPercent };
    case 'maxAttempts':
      return { ...draft, maxAttempts: action.maxAttempts };
    case 'review':
      return { ...draft, review: action.review };
    case 'allowRetakeAfterPass':
      return { ...draft, allowRetakeAfterPass: action.allowRetakeAfterPass };
    case 'explanation':
      return updateQuestion(draft, action.question, (q) => ({ ...q, explanation: action.explanation }));
    case 'addQuestion': {
      const { question, nextKey } = blankQuestion(draft.nextKey);
      return { ...draft, questions: [...draft.questions, question], nextKey };
    }
    case 'removeQuestion':
      return { ...draft, questions: draft.questions.filter((_, i) => i !== action.question) };
    case 'moveQuestion':
      return { ...draft, questions: moveItem(draft.questions, action.question, action.by) };
    case 'prompt':
      return updateQuestion(draft, action.question, (q) => ({ ...q, prompt: action.prompt }));
    case 'addChoice': {
      const next = updateQuestion(draft, action.question, (q) => ({
        ...q,
        choices: [...q.choices, { key: `c${draft.nextKey}`, text: '', correct: false }],
      }));
      return next === draft ? draft : { ...next, nextKey: draft.nextKey + 1 };
    }
    case 'removeChoice':
      return updateQuestion(draft, action.question, (q) => ({
        ...q,
        choices: q.choices.filter((_, i) => i !== action.choice),
      }));
    case 'choiceText':
      return updateQuestion(draft, action.question, (q) => ({
        ...q,
        choices: q.choices.map((c, i) => (i === action.choice ? { ...c, text: action.text } : c)),
      }));
    case 'toggleCorrect':
      return updateQuestion(draft, action.question, (q) => ({
        ...q,
        choices: q.choices.map((c, i) => (i === action.choice ? { ...c, correct: !c.correct } : c)),
      }));
    case 'reset':
      return action.draft;
  }
}

/** What is wrong with the draft, one sentence each, in reading order; empty when it can be saved. */
export function validateQuiz(draft: QuizDraft): string[] {
  const problems: string[] = [];
  if (!draft.title.trim()) problems.push('The quiz needs a title.');
  if (!Number.isInteger(draft.passPercent) || draft.passPercent < 0 || draft.passPercent > 100) {
    problems.push('The pass mark must be a whole number from 0 to 100.');
  }
  const { min, max } = QUIZ_MAX_ATTEMPTS_BOUNDS;
  if (!Number.isInteger(draft.maxAttempts) || draft.maxAttempts < min || draft.maxAttempts > max) {
    problems.push(`Attempts allowed must be a whole number from ${min} to ${max}.`);
  }
  if (draft.questions.length === 0) problems.push('Add at least one question.');
  draft.questions.forEach((question, index) => {
    const n = index + 1;
    if (!question.prompt.trim()) problems.push(`Question ${n} needs a prompt.`);
    if (question.choices.length < 2) problems.push(`Question ${n} needs at least two choices.`);
    if (question.choices.some((choice) => !choice.text.trim())) problems.push(`Question ${n} has an empty choice.`);
    if (!question.choices.some((choice) => choice.correct)) {
      problems.push(`Question ${n} needs at least one correct choice.`);
    }
    if (question.explanation.trim().length > QUIZ_EXPLANATION_MAX_LENGTH) {
      problems.push(`Question ${n}'s explanation is longer than ${QUIZ_EXPLANATION_MAX_LENGTH} characters.`);
    }
  });
  return problems;
}

export function quizQuestionsInput(draft: QuizDraft): QuizQuestionInput[] {
  return draft.questions.map((question) => ({
    prompt: question.prompt.trim(),
    choices: question.choices.map((choice) => ({ text: choice.text.trim(), correct: choice.correct })),
    explanation: question.explanation.trim() || null,
  }));
}

/** The learners' rules of the quiz, as the create and update payloads carry them. */
export function quizSettingsInput(draft: QuizDraft): QuizSettingsInput {
  return { maxAttempts: draft.maxAttempts, review: draft.review, allowRetakeAfterPass: draft.allowRetakeAfterPass };
}

/** The create payload `{ type: 'quiz', title, passPercent, maxAttempts, review, allowRetakeAfterPass, questions }`. */
export function quizLessonInput(draft: QuizDraft): LessonInput & { type: 'quiz' } {
  return {
    type: 'quiz',
    title: draft.title.trim(),
    passPercent: draft.passPercent,
    ...quizSettingsInput(draft),
    questions: quizQuestionsInput(draft),
  };
}
