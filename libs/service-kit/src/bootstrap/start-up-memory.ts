import { performance } from 'node:perf_hooks';

export interface ReleasedStartUpMemory {
  /** V8's heap (`heapTotal`) before and after the collection, in bytes. */
  readonly heapBefore: number;
  readonly heapAfter: number;
  readonly durationMs: number;
}

/**
 * One memory-reducing garbage collection, for a process that has just become ready. Start-up leaves
 * V8's heap grown: the garbage of loading and wiring every module, and a young generation sized by
 * that burst, which V8 keeps while the process idles (bench/README.md has the figures). The
 * collection gives both back; under load the young generation grows again up to the same cap.
 *
 * Asked through the in-process inspector (no port is opened): `HeapProfiler.collectGarbage` is V8's
 * low-memory collection, which Node offers no other way short of `--expose-gc`. Loaded here, not at
 * start-up, so that a Node built without the inspector fails this call, not the process.
 */
export async function releaseStartUpMemory(): Promise<ReleasedStartUpMemory> {
  const heapBefore = process.memoryUsage().heapTotal;
  const startedAt = performance.now();
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.collectGarbage');
  } finally {
    session.disconnect();
  }
  return { heapBefore, heapAfter: process.memoryUsage().heapTotal, durationMs: performance.now() - startedAt };
}
