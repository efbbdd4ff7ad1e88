import { type AuthenticatedUser, hasRole } from '@platform/auth';
import { ForbiddenError, NotFoundError } from '@platform/service-kit';
import type { CourseStatus } from '../read-model/course-model.entity';
import type { CourseStatsView } from '../progress.views';

export type { CourseStatsView };

export interface StatsCourse {
  readonly id: string;
  readonly status: CourseStatus;
  readonly everPublished: boolean;
  readonly instructorId: string | null;
}

/**
 * Only the course's instructor and admins read its stats. As in catalog, a course nobody else may
 * see is unknown to them (404) and a published one is refused (403).
 */
export function assertMayReadStats(course: StatsCourse | undefined, user: AuthenticatedUser, id: string): StatsCourse {
  if (!course || !course.everPublished) throw new NotFoundError('Course', id);
  if (hasRole(user, 'admin') || (course.instructorId !== null && course.instructorId === user.id)) return course;
  if (course.status !== 'published') throw new NotFoundError('Course', id);
  throw new ForbiddenError("Only the course's instructor or an admin can read its stats");
}

/** part / whole as a share 0..1 with three decimals; 0 for an empty whole. */
export function rate(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1000) / 1000 : 0;
}

/** Per-day counts (sorted by date) with their running total. */
export function runningTotals(
  days: ReadonlyArray<{ date: string; enrollments: number }>,
): CourseStatsView['enrollmentsOverTime'] {
  let total = 0;
  return days.map((day) => ({ ...day, total: (total += day.enrollments) }));
}

export function quizFigures(
  lessonId: string,
  figures: { learners: number; passed: number; attempts: number } | undefined,
): CourseStatsView['quizzes'][number] {
  const learners = figures?.learners ?? 0;
  return {
    lessonId,
    learners,
    passRate: rate(figures?.passed ?? 0, learners),
    averageAttempts: learners > 0 ? Math.round(((figures?.attempts ?? 0) / learners) * 100) / 100 : 0,
  };
}
