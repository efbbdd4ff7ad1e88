import { randomUUID } from 'node:crypto';
import { percentOf } from '../completion/progress-figures';
import { type CourseProgressView, outlineOf, renderCourseProgress } from './course-progress.view';

/** The plain way: objects, then JSON.stringify. The rendered text must be exactly this. */
function plain(
  courseId: string,
  sections: Array<{ id: string; lessonIds: string[] }>,
  done: Set<string>,
  certificateId: string | null,
): string {
  const view: CourseProgressView = {
    courseId,
    courseStatus: 'published',
    enrolled: true,
    certificateId,
    percent: 0,
    completedLessons: 0,
    totalLessons: 0,
    sections: sections.map((section) => ({
      id: section.id,
      lessons: section.lessonIds.map((id) => ({ id, completed: done.has(id) })),
    })),
  };
  const lessons = view.sections.flatMap((section) => section.lessons);
  view.totalLessons = lessons.length;
  view.completedLessons = lessons.filter((lesson) => lesson.completed).length;
  view.percent = percentOf(view.completedLessons, view.totalLessons);
  return JSON.stringify(view);
}

describe('renderCourseProgress', () => {
  it('renders exactly what JSON.stringify of the view gives, for outlines of every shape', () => {
    const shapes = [[], [0], [0, 0], [3], [1, 0, 4], [10, 10, 10, 10, 10, 10, 10, 10, 10, 10]];
    for (const shape of shapes) {
      const sections = shape.map((count) => ({
        id: randomUUID(),
        lessonIds: Array.from({ length: count }, () => randomUUID()),
      }));
      const ids = sections.flatMap((section) => section.lessonIds);
      for (const every of [1, 2, 3, 1000]) {
        const done = new Set(ids.filter((_, index) => index % every === 0 && every !== 1000));
        done.add(randomUUID()); // a completion outside the outline never shows or counts
        const courseId = randomUUID();
        const certificateId = every === 1 ? randomUUID() : null;
        const text = renderCourseProgress(courseId, 'published', outlineOf(7, sections), done, {
          enrolled: true,
          certificateId,
        });
        expect(text).toBe(plain(courseId, sections, done, certificateId));
        const parsed = JSON.parse(text) as CourseProgressView;
        expect(parsed.percent).toBeLessThanOrEqual(100);
      }
    }
  });
});
