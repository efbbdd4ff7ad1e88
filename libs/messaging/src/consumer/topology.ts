/**
 * Queue names and retry delays of one consumer. Retries go through one queue per step with a
 * fixed TTL that dead-letters back to the main queue, so a short delay never waits behind a long
 * one (per-message TTLs only expire at the head of a queue). The delay is part of a retry queue's
 * name: a queue's TTL cannot change once declared, so a new `retryBaseDelayMs` makes new queues
 * (the old ones keep working: they still lead back to the main queue) instead of failing to start.
 */
export interface ConsumerTopology {
  readonly queue: string;
  readonly deadLetterQueue: string;
  readonly retryQueues: ReadonlyArray<{ readonly name: string; readonly delayMs: number }>;
}

export function deadLetterQueueOf(queue: string): string {
  return `${queue}.dlq`;
}

export function retryQueueOf(queue: string, delayMs: number): string {
  return `${queue}.retry.${delayMs}ms`;
}

export function consumerTopology(queue: string, maxAttempts: number, retryBaseDelayMs: number): ConsumerTopology {
  const retries = Math.max(0, maxAttempts - 1);
  return {
    queue,
    deadLetterQueue: deadLetterQueueOf(queue),
    retryQueues: Array.from({ length: retries }, (_, index) => {
      const delayMs = Math.round(retryBaseDelayMs * 2 ** index);
      return { name: retryQueueOf(queue, delayMs), delayMs };
    }),
  };
}

/** Where a message that failed on delivery `attempt` (1-based) goes next. */
export function nextHop(
  topology: ConsumerTopology,
  attempt: number,
): { kind: 'retry'; queue: string } | { kind: 'dead-letter'; queue: string } {
  const retry = topology.retryQueues[attempt - 1];
  return retry ? { kind: 'retry', queue: retry.name } : { kind: 'dead-letter', queue: topology.deadLetterQueue };
}

/** Every queue of a consumer: itself, its retry queues and its DLQ (e.g. for a test to delete them). */
export function topologyQueues(topology: ConsumerTopology): string[] {
  return [topology.queue, ...topology.retryQueues.map((retry) => retry.name), topology.deadLetterQueue];
}
