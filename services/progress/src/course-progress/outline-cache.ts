import type { Outline } from './course-progress.view';

/**
 * Outlines by course, each valid for exactly one revision. Catalog bumps the revision on every
 * change and a revision's outline never changes, so an entry is either right or a miss: the hot
 * read checks the revision in the same statement that reads the learner's completions. Bounded,
 * least recently used out first.
 */
export class OutlineCache {
  private readonly entries = new Map<string, Outline>();

  constructor(private readonly capacity: number) {}

  get(courseId: string, revision: number): Outline | undefined {
    const outline = this.entries.get(courseId);
    if (!outline || outline.revision !== revision) return undefined;
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.delete(courseId);
    this.entries.set(courseId, outline);
    return outline;
  }

  set(courseId: string, outline: Outline): void {
    const held = this.entries.get(courseId);
    if (held && held.revision > outline.revision) return;
    this.entries.delete(courseId);
    this.entries.set(courseId, outline);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}
