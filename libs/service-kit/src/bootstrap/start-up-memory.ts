import { performance } from 'node:perf_hooks';
import { getHeapCodeStatistics } from 'node:v8';

export interface ReleasedStartUpMemory {
  /** V8's heap (`heapTotal`) before and after the collections, in bytes. */
  readonly heapBefore: number;
  readonly heapAfter: number;
  /** Bytecode and its metadata in the heap before and after, in bytes. */
  readonly bytecodeBefore: number;
  readonly bytecodeAfter: number;
  readonly durationMs: number;
}

/**
 * V8 drops a function's bytecode once it has not run for this many full collections (its
 * `--bytecode-old-age`, 6 by default; start-up-memory.spec.ts checks the default against the
 * running V8). A process that sets the flag itself keeps its value.
 */
export const BYTECODE_OLD_AGE_DEFAULT = 6;

/**
 * Memory-reducing garbage collections, for a process that has just become ready. Start-up leaves
 * V8's heap grown: the garbage of loading and wiring every module, a young generation sized by that
 * burst, and the bytecode of code that ran once (modules' top level, Nest's and MikroORM's set-up),
 * all of which V8 keeps while the process idles (bench/README.md has the figures). The collections
 * give them back: two in a row, with bytecode counted as old after one, drop the bytecode of every
 * function that did not run in between (one that runs again is compiled again, once). Under load
 * the young generation grows again up to the same cap.
 *
 * Asked through the in-process inspector (no port is opened): `HeapProfiler.collectGarbage` is V8's
 * low-memory collection, which Node offers no other way short of `--expose-gc`. Loaded here, not at
 * start-up, so that a Node built without the inspector fails this call, not the process.
 */
export async function releaseStartUpMemory(): Promise<ReleasedStartUpMemory> {
  const heapBefore = process.memoryUsage().heapTotal;
  const bytecodeBefore = getHeapCodeStatistics().bytecode_and_metadata_size;
  const startedAt = performance.now();
  const [{ Session }, { setFlagsFromString }] = await Promise.all([
    import('node:inspector/promises'),
    import('node:v8'),
  ]);
  const session = new Session();
  session.connect();
  setFlagsFromString('--bytecode-old-age=1');
  try {
    await session.post('HeapProfiler.collectGarbage');
    await session.post('HeapProfiler.collectGarbage');
  } finally {
    setFlagsFromString(`--bytecode-old-age=${configuredBytecodeOldAge()}`);
    session.disconnect();
  }
  return {
    heapBefore,
    heapAfter: process.memoryUsage().heapTotal,
    bytecodeBefore,
    bytecodeAfter: getHeapCodeStatistics().bytecode_and_metadata_size,
    durationMs: performance.now() - startedAt,
  };
}

function configuredBytecodeOldAge(): number {
  const flag = [...process.execArgv].reverse().find((arg) => /^--bytecode[-_]old[-_]age=\d+$/.test(arg));
  return flag ? Number(flag.split('=')[1]) : BYTECODE_OLD_AGE_DEFAULT;
}
