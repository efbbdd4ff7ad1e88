import { MINUTES_PER_QUIZ_QUESTION, READING_WORDS_PER_MINUTE } from '@platform/contracts';
import type { Lesson } from './lesson.entity';

/** Words of a text, as a reader counts them (Markdown marks that stand alone count too: close enough). */
export function wordCount(text: string | null | undefined): number {
  const trimmed = (text ?? '').trim();
  return trimmed ? trimmed.split(/\s+/).length : 0;
}

/**
 * A course's estimated length in whole minutes, rounded up: text lessons at
 * READING_WORDS_PER_MINUTE, MINUTES_PER_QUIZ_QUESTION per quiz question. Videos count nothing yet:
 * catalog does not know their durations (media does not report them), and a guess would mislead.
 */
export function estimatedMinutes(lessons: ReadonlyArray<Pick<Lesson, 'type' | 'content' | 'quiz'>>): number {
  let minutes = 0;
  for (const lesson of lessons) {
    if (lesson.type === 'text') minutes += wordCount(lesson.content) / READING_WORDS_PER_MINUTE;
    if (lesson.type === 'quiz') minutes += (lesson.quiz?.questions.length ?? 0) * MINUTES_PER_QUIZ_QUESTION;
  }
  return Math.ceil(minutes);
}
