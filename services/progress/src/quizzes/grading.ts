import type { QuizAnswerKey } from '@platform/contracts';
import { InvalidInputError } from '@platform/service-kit';

export interface Answer {
  questionId: string;
  choiceIds: string[];
}

export interface Grade {
  score: number;
  passed: boolean;
  correctCount: number;
  total: number;
}

/**
 * A question is right when the chosen set equals the correct set; unanswered questions are wrong.
 * Score is a whole percent, rounded down, so 100 means every question right.
 */
export function grade(key: QuizAnswerKey, answers: readonly Answer[]): Grade {
  const questions = new Map(key.questions.map((question) => [question.questionId, question]));
  const seen = new Set<string>();
  let correctCount = 0;
  for (const answer of answers) {
    const question = questions.get(answer.questionId);
    if (!question) throw new InvalidInputError(`unknown questionId ${answer.questionId}`);
    if (seen.has(answer.questionId)) throw new InvalidInputError(`question ${answer.questionId} is answered twice`);
    seen.add(answer.questionId);
    const unknown = answer.choiceIds.find((choiceId) => !question.choiceIds.includes(choiceId));
    if (unknown) throw new InvalidInputError(`unknown choiceId ${unknown} for question ${answer.questionId}`);
    const chosen = new Set(answer.choiceIds);
    if (chosen.size === question.correctChoiceIds.length && question.correctChoiceIds.every((id) => chosen.has(id)))
      correctCount++;
  }
  const total = key.questions.length;
  const score = total === 0 ? 0 : Math.floor((correctCount * 100) / total);
  return { score, passed: score >= key.passPercent, correctCount, total };
}
