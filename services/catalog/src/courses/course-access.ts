import { type AuthenticatedUser, hasRole } from '@platform/auth';
import { ForbiddenError, NotFoundError } from '@platform/service-kit';
import type { Course } from './course.entity';

/** What the access rules read of a course. */
type CourseOwnership = Pick<Course, 'id' | 'status' | 'instructorId'>;

function isOwner(course: CourseOwnership, user: AuthenticatedUser | undefined): boolean {
  return !!user && user.id === course.instructorId;
}

/**
 * Only an admin, or the course's instructor while they still hold the instructor role, changes a
 * course: ownership alone is not enough once an admin has taken the role away.
 */
export function canEdit(course: Course, user: AuthenticatedUser | undefined): boolean {
  return hasRole(user, 'admin') || (isOwner(course, user) && hasRole(user, 'instructor'));
}

export function assertCanEdit(course: Course, user: AuthenticatedUser | undefined): void {
  if (canEdit(course, user)) return;
  if (isOwner(course, user)) throw new ForbiddenError('Changing a course needs the instructor role');
  throw new ForbiddenError("Only the course's instructor or an admin can change it");
}

/**
 * Drafts are invisible to everyone but their owner and admins: a 404, so their ids reveal nothing.
 * The owner keeps reading their own drafts after losing the role; only changes need it.
 */
export function assertCanView(course: CourseOwnership, user: AuthenticatedUser | undefined): void {
  if (course.status !== 'published' && !isOwner(course, user) && !hasRole(user, 'admin'))
    throw new NotFoundError('Course', course.id);
}
