import { randomUUID } from 'node:crypto';
import { QUIZ_DEFAULTS } from '@platform/contracts';
import { InvalidInputError } from '@platform/service-kit';
import type { QuestionDto } from './dto/outline.dto';
import type { Quiz, QuizQuestion, QuizSettings } from './lesson.entity';

/** An explanation as stored: surrounding blanks dropped, an empty one is none. */
function explanationOf(text: string | null | undefined): string | null {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** New questions: every question and choice gets an id; each question needs a correct choice. */
export function questionsFrom(questions: QuestionDto[]): QuizQuestion[] {
  questions.forEach((question, index) => {
    if (!question.choices.some((choice) => choice.correct))
      throw new InvalidInputError(`question ${index + 1} needs at least one correct choice`);
  });
  return questions.map((question) => ({
    id: randomUUID(),
    prompt: question.prompt,
    choices: question.choices.map((choice) => ({ id: randomUUID(), text: choice.text, correct: choice.correct })),
    explanation: explanationOf(question.explanation),
  }));
}

/** A new quiz: settings the instructor left out take QUIZ_DEFAULTS. */
export function quizFrom(passPercent: number, settings: Partial<QuizSettings>, questions: QuestionDto[]): Quiz {
  return {
    passPercent,
    maxAttempts: settings.maxAttempts ?? QUIZ_DEFAULTS.maxAttempts,
    review: settings.review ?? QUIZ_DEFAULTS.review,
    allowRetakeAfterPass: settings.allowRetakeAfterPass ?? QUIZ_DEFAULTS.allowRetakeAfterPass,
    questions: questionsFrom(questions),
  };
}

/** A changed quiz: only what the instructor sent changes; new questions replace the old ones (new ids). */
export function quizChanged(
  current: Quiz,
  change: Partial<QuizSettings> & { passPercent?: number; questions?: QuestionDto[] },
): Quiz {
  return {
    passPercent: change.passPercent ?? current.passPercent,
    maxAttempts: change.maxAttempts ?? current.maxAttempts,
    review: change.review ?? current.review,
    allowRetakeAfterPass: change.allowRetakeAfterPass ?? current.allowRetakeAfterPass,
    questions: change.questions ? questionsFrom(change.questions) : current.questions,
  };
}
