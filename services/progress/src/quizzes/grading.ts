import type { QuizAnswerKey } from '@platform/contracts';
import { InvalidInputError } from '@platform/service-kit';

export interface Answer {
  questionId: string;
  choiceIds: string[];
}

/** One question of an attempt as graded: what the learner chose and whether it was right. */
export interface QuestionOutcome {
  questionId: string;
  choiceIds: string[];
  correct: boolean;
}

export interface Grade {
  score: number;
  passed: boolean;
  correctCount: number;
  total: number;
  /** Every question of the quiz in its order, unanswered ones with no choices. */
  questions: QuestionOutcome[];
}

/**
 * A question is right when the chosen set equals the correct set; unanswered questions are wrong.
 * Score is a whole percent, rounded down, so 100 means every question right.
 */
export function grade(key: QuizAnswerKey, answers: readonly Answer[]): Grade {
  const questions = new Map(key.questions.map((question) => [question.questionId, question]));
  const chosenBy = new Map<string, string[]>();
  for (const answer of answers) {
    const question = questions.get(answer.questionId);
    if (!question) throw new InvalidInputError(`unknown questionId ${answer.questionId}`);
    if (chosenBy.has(answer.questionId)) throw new InvalidInputError(`question ${answer.questionId} is answered twice`);
    const unknown = answer.choiceIds.find((choiceId) => !question.choiceIds.includes(choiceId));
    if (unknown) throw new InvalidInputError(`unknown choiceId ${unknown} for question ${answer.questionId}`);
    chosenBy.set(answer.questionId, [...new Set(answer.choiceIds)]);
  }
  const outcomes = key.questions.map((question) => {
    const chosen = chosenBy.get(question.questionId) ?? [];
    const correct =
      chosen.length === question.correctChoiceIds.length &&
      question.correctChoiceIds.every((id) => chosen.includes(id));
    return { questionId: question.questionId, choiceIds: chosen, correct };
  });
  const correctCount = outcomes.filter((outcome) => outcome.correct).length;
  const total = key.questions.length;
  const score = total === 0 ? 0 : Math.floor((correctCount * 100) / total);
  return { score, passed: score >= key.passPercent, correctCount, total, questions: outcomes };
}
