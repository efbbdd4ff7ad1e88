import { delay } from './http-recorder';

/**
 * Calls `probe` every `intervalMs` until it returns a value (not undefined), for at most `timeoutMs`;
 * then throws `Error('<what> not within <timeoutMs> ms: <last>')` with what the last probe saw.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<{ value?: T; seen: string }>,
  {
    timeoutMs,
    intervalMs = 250,
    signal,
    budgetMs = timeoutMs,
  }: {
    timeoutMs: number;
    intervalMs?: number;
    signal?: AbortSignal;
    /** The timeout to name in the failure, when `timeoutMs` is what is left of a larger one. */
    budgetMs?: number;
  },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let seen = 'nothing yet';
  for (;;) {
    const result = await probe();
    if (result.value !== undefined) return result.value;
    seen = result.seen;
    if (Date.now() + intervalMs > deadline) throw new Error(`${what} not within ${budgetMs} ms (last: ${seen})`);
    await delay(intervalMs, signal);
  }
}
