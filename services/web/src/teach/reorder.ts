// Up/down reordering of sections and lessons through PATCH { position }.

export interface Positioned {
  readonly id: string;
  readonly position: number;
}

/** Items in display order (by position, then by their original order). */
export function byPosition<T extends Positioned>(items: readonly T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.position - b.item.position || a.index - b.index)
    .map(({ item }) => item);
}

/**
 * The PATCH that moves the item at `index` (display order) one place up (-1) or down (+1): it takes
 * its neighbour's position, which is right whether the server swaps the two or shifts the others.
 * Null when it cannot move that way.
 */
export function moveRequest<T extends Positioned>(
  items: readonly T[],
  index: number,
  by: -1 | 1,
): { id: string; position: number } | null {
  const ordered = byPosition(items);
  const neighbour = ordered[index + by];
  const item = ordered[index];
  if (!item || !neighbour) return null;
  return { id: item.id, position: neighbour.position };
}
