import { randomUUID } from 'node:crypto';
import { InvalidInputError } from '@platform/service-kit';
import type { QuestionDto } from './dto/outline.dto';
import type { Quiz } from './lesson.entity';

/** A quiz as stored: every question and choice gets an id; each question needs a correct choice. */
export function quizFrom(passPercent: number, maxAttempts: number | null | undefined, questions: QuestionDto[]): Quiz {
  questions.forEach((question, index) => {
    if (!question.choices.some((choice) => choice.correct))
      throw new InvalidInputError(`question ${index + 1} needs at least one correct choice`);
  });
  return {
    passPercent,
    maxAttempts: maxAttempts ?? null,
    questions: questions.map((question) => ({
      id: randomUUID(),
      prompt: question.prompt,
      choices: question.choices.map((choice) => ({ id: randomUUID(), text: choice.text, correct: choice.correct })),
    })),
  };
}
