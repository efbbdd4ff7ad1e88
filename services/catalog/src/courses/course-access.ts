import { type AuthenticatedUser, hasRole } from '@platform/auth';
import { ForbiddenError, NotFoundError } from '@platform/service-kit';
import type { Course } from './course.entity';

/** Only the course's instructor or an admin changes a course. */
export function canEdit(course: Course, user: AuthenticatedUser | undefined): boolean {
  return !!user && (user.id === course.instructorId || hasRole(user, 'admin'));
}

export function assertCanEdit(course: Course, user: AuthenticatedUser | undefined): void {
  if (!canEdit(course, user)) throw new ForbiddenError("Only the course's instructor or an admin can change it");
}

/** Drafts are invisible to everyone but their editors: a 404, so their ids reveal nothing. */
export function assertCanView(course: Course, user: AuthenticatedUser | undefined): void {
  if (course.status !== 'published' && !canEdit(course, user)) throw new NotFoundError('Course', course.id);
}
