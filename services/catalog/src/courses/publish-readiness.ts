import type { Course } from './course.entity';
import { byPosition } from './reorder';

/**
 * What keeps a course from being published, in outline order, as sentences an instructor can act
 * on; empty when it is ready. A video is checked for being attached only: media publishes no event
 * about videos (they are served as uploaded, ready once their upload completes), so catalog cannot
 * tell one still uploading from a ready one.
 */
export function publishBlockers(course: Course): string[] {
  const blockers: string[] = [];
  const sections = byPosition(course.sections.getItems());
  if (course.lessons().length === 0) blockers.push('The course needs at least one lesson');
  for (const section of sections) {
    const lessons = byPosition(section.lessons.getItems());
    if (lessons.length === 0) blockers.push(`Section “${section.title}” has no lessons`);
    for (const lesson of lessons) {
      if (lesson.type === 'video' && !lesson.mediaId) blockers.push(`Video lesson “${lesson.title}” has no video`);
      if (lesson.type === 'quiz') {
        const questions = lesson.quiz?.questions ?? [];
        if (questions.length === 0) blockers.push(`Quiz “${lesson.title}” has no questions`);
        questions.forEach((question, index) => {
          if (!question.choices.some((choice) => choice.correct))
            blockers.push(`Quiz “${lesson.title}”: question ${index + 1} has no correct answer`);
        });
      }
    }
  }
  return blockers;
}
