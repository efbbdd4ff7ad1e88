import { percentOf } from '../completion/progress-figures';
import type { CourseStatus } from '../read-model/course-model.entity';
import type { CourseProgressView } from '../progress.views';

export type { CourseProgressView };

/** A course's outline at one revision, with its JSON pieces rendered once. */
export interface Outline {
  readonly revision: number;
  readonly sections: ReadonlyArray<{
    readonly id: string;
    readonly lessonIds: readonly string[];
    /** `{"id":"<section>","lessons":[` */
    readonly head: string;
    /** `{"id":"<lesson>","completed":` for each lesson, in order. */
    readonly lessonHeads: readonly string[];
  }>;
}

export function outlineOf(
  revision: number,
  sections: ReadonlyArray<{ id: string; lessonIds: readonly string[] }>,
): Outline {
  return {
    revision,
    sections: sections.map((section) => ({
      id: section.id,
      lessonIds: section.lessonIds,
      head: `{"id":${JSON.stringify(section.id)},"lessons":[`,
      lessonHeads: section.lessonIds.map((id) => `{"id":${JSON.stringify(id)},"completed":`),
    })),
  };
}

/**
 * The answer as JSON text, assembled from the outline's pre-rendered pieces: the hot path builds
 * no per-lesson objects and runs no generic serializer. Same document, field for field, as
 * JSON.stringify of a CourseProgressView (a unit test holds it to that). `completed` are the
 * learner's completed lessons of the course, at any revision: only the outline's lessons are
 * counted and shown, so a completion of a lesson a later revision removed weighs nothing.
 */
export function renderCourseProgress(
  courseId: string,
  courseStatus: CourseStatus,
  outline: Outline,
  completed: ReadonlySet<string>,
  learner: { enrolled: boolean; certificateId: string | null },
): string {
  let totalLessons = 0;
  let completedLessons = 0;
  let sections = '';
  for (let s = 0; s < outline.sections.length; s++) {
    const section = outline.sections[s];
    sections += s === 0 ? section.head : `,${section.head}`;
    for (let l = 0; l < section.lessonIds.length; l++) {
      const done = completed.has(section.lessonIds[l]);
      totalLessons++;
      if (done) completedLessons++;
      sections += (l === 0 ? '' : ',') + section.lessonHeads[l] + (done ? 'true}' : 'false}');
    }
    sections += ']}';
  }
  const percent = percentOf(completedLessons, totalLessons);
  return (
    `{"courseId":${JSON.stringify(courseId)},"courseStatus":${JSON.stringify(courseStatus)},` +
    `"enrolled":${learner.enrolled},"certificateId":${JSON.stringify(learner.certificateId)},"percent":${percent},` +
    `"completedLessons":${completedLessons},"totalLessons":${totalLessons},"sections":[${sections}]}`
  );
}
