/**
 * The progress figure: completed ∩ current lessons over current lessons, as a whole percent rounded
 * down, so it is 100 only when every current lesson is done and can never exceed it.
 */
export function percentOf(completedLessons: number, totalLessons: number): number {
  if (totalLessons <= 0) return 0;
  return Math.floor((Math.min(completedLessons, totalLessons) * 100) / totalLessons);
}
