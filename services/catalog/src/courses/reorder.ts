/** Moves `item` to the 1-based `position` (clamped) and renumbers the list 1..n. */
export function moveTo<T extends { position: number }>(items: readonly T[], item: T, position: number): void {
  const ordered = [...items].sort((a, b) => a.position - b.position).filter((candidate) => candidate !== item);
  const index = Math.min(Math.max(position, 1), ordered.length + 1) - 1;
  ordered.splice(index, 0, item);
  ordered.forEach((entry, i) => (entry.position = i + 1));
}

/** Renumbers 1..n after a removal, keeping the order. */
export function renumber<T extends { position: number }>(items: readonly T[]): void {
  [...items].sort((a, b) => a.position - b.position).forEach((entry, i) => (entry.position = i + 1));
}

/** A copy in position order (a collection keeps its load order after a move). */
export function byPosition<T extends { position: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.position - b.position);
}
