import { consumerTopology, nextHop } from './topology';

describe('consumer topology', () => {
  it('has one retry queue per retry, named by its doubling delay, and a DLQ', () => {
    const topology = consumerTopology('progress', 4, 500);
    expect(topology.deadLetterQueue).toBe('progress.dlq');
    expect(topology.retryQueues).toEqual([
      { name: 'progress.retry.500ms', delayMs: 500 },
      { name: 'progress.retry.1000ms', delayMs: 1000 },
      { name: 'progress.retry.2000ms', delayMs: 2000 },
    ]);
  });

  it('sends the last allowed failure to the DLQ', () => {
    const topology = consumerTopology('q', 3, 10);
    expect(nextHop(topology, 1)).toEqual({ kind: 'retry', queue: 'q.retry.10ms' });
    expect(nextHop(topology, 2)).toEqual({ kind: 'retry', queue: 'q.retry.20ms' });
    expect(nextHop(topology, 3)).toEqual({ kind: 'dead-letter', queue: 'q.dlq' });
    expect(nextHop(topology, 7)).toEqual({ kind: 'dead-letter', queue: 'q.dlq' });
    expect(nextHop(consumerTopology('q', 1, 10), 1)).toEqual({ kind: 'dead-letter', queue: 'q.dlq' });
  });
});
