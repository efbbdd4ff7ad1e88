/**
 * The progress figure: completed ∩ current lessons over current lessons, as a whole percent rounded
 * down, so it is 100 only when every current lesson is done and can never exceed it. A course
 * without lessons is at 0 %.
 */
export function percentOf(completedLessons: number, totalLessons: number): number {
  if (totalLessons <= 0) return 0;
  const done = Math.max(0, Math.min(completedLessons, totalLessons));
  return Math.floor((done * 100) / totalLessons);
}
