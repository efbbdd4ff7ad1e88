import type { AuthenticatedUser } from '@platform/auth';
import { ForbiddenError, NotFoundError } from '@platform/service-kit';
import { assertMayReadStats, quizFigures, rate, runningTotals, type StatsCourse } from './course-stats';

const user = (id: string, ...roles: AuthenticatedUser['roles']): AuthenticatedUser => ({
  id,
  roles,
  email: '',
  displayName: '',
});

describe('course stats rules', () => {
  const course: StatsCourse = { id: 'c', status: 'published', everPublished: true, instructorId: 'owner' };

  it('lets the instructor and admins read, refuses others, and hides what they may not see', () => {
    expect(assertMayReadStats(course, user('owner', 'instructor'), 'c')).toBe(course);
    // The owner reads their figures even after losing the instructor role: reading needs no role.
    expect(assertMayReadStats(course, user('owner', 'learner'), 'c')).toBe(course);
    expect(assertMayReadStats(course, user('root', 'admin'), 'c')).toBe(course);
    expect(() => assertMayReadStats(course, user('other', 'instructor'), 'c')).toThrow(ForbiddenError);
    const withdrawn = { ...course, status: 'unpublished' as const };
    expect(() => assertMayReadStats(withdrawn, user('other', 'instructor'), 'c')).toThrow(NotFoundError);
    expect(assertMayReadStats(withdrawn, user('owner', 'instructor'), 'c')).toBe(withdrawn);
    expect(() => assertMayReadStats(undefined, user('root', 'admin'), 'c')).toThrow(NotFoundError);
    const tombstone = { ...course, everPublished: false, instructorId: null };
    expect(() => assertMayReadStats(tombstone, user('root', 'admin'), 'c')).toThrow(NotFoundError);
  });

  it('computes shares, running totals and attempts per learner', () => {
    expect(rate(1, 3)).toBe(0.333);
    expect(rate(0, 0)).toBe(0);
    expect(
      runningTotals([
        { date: '2026-12-01', enrollments: 2 },
        { date: '2026-12-03', enrollments: 1 },
      ]),
    ).toEqual([
      { date: '2026-12-01', enrollments: 2, total: 2 },
      { date: '2026-12-03', enrollments: 1, total: 3 },
    ]);
    expect(quizFigures('q', { learners: 3, passed: 2, attempts: 5 })).toEqual({
      lessonId: 'q',
      learners: 3,
      passRate: 0.667,
      averageAttempts: 1.67,
    });
    expect(quizFigures('q', undefined)).toEqual({ lessonId: 'q', learners: 0, passRate: 0, averageAttempts: 0 });
  });
});
