export const PROGRESS_EVENTS = {
  courseCompleted: 'progress.course.completed',
} as const;

export interface CourseCompletedPayload {
  readonly userId: string;
  readonly courseId: string;
  readonly completedAt: string;
}
