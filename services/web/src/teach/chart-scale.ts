/** The y-axis ticks of a count chart: 0, a round middle and the top, never a fraction of a learner. */
export function yTicks(max: number): number[] {
  const top = Math.max(1, max);
  return [...new Set([0, Math.round(top / 2), top])];
}
