import type { CourseStatus } from '../api';

export const COURSE_STATUS_LABEL: Record<CourseStatus, string> = {
  draft: 'Draft',
  published: 'Published',
  archived: 'Archived',
};

export function CourseStatusBadge({ status }: { status: CourseStatus }) {
  return <span className={`badge badge-${status}`}>{COURSE_STATUS_LABEL[status]}</span>;
}
