import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface CorrelationScope {
  readonly correlationId: string;
}

const storage = new AsyncLocalStorage<CorrelationScope>();

/** Header clients and services use to carry a correlation id across hops. */
export const CORRELATION_HEADER = 'x-correlation-id';

/** Runs `work` with a correlation id that logs and recorded events pick up. */
export function runWithCorrelationId<T>(correlationId: string, work: () => T): T {
  return storage.run({ correlationId }, work);
}

/** The correlation id of the current request or message, or a fresh one outside any. */
export function currentCorrelationId(): string {
  return storage.getStore()?.correlationId ?? randomUUID();
}

/** The correlation id of the current request or message, if any. */
export function maybeCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
