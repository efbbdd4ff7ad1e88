import { counter, gauge, histogram } from '@platform/service-kit';

function createMetrics() {
  return {
    published: counter({
      name: 'messaging_published_total',
      help: 'Events handed to the broker by the outbox relay',
      labelNames: ['type'],
    }),
    confirmed: counter({
      name: 'messaging_confirmed_total',
      help: 'Events the broker confirmed',
      labelNames: ['type'],
    }),
    consumed: counter({
      name: 'messaging_consumed_total',
      help: 'Deliveries processed by consumers, by outcome (applied, or duplicate: applied before)',
      labelNames: ['type', 'outcome'],
    }),
    retried: counter({
      name: 'messaging_retried_total',
      help: 'Failed deliveries sent to a retry queue',
      labelNames: ['type'],
    }),
    deadLettered: counter({
      name: 'messaging_dead_lettered_total',
      help: 'Messages parked in a dead-letter queue',
      labelNames: ['type'],
    }),
    outboxBacklog: gauge({ name: 'messaging_outbox_backlog', help: 'Outbox rows not yet published' }),
    handlingSeconds: histogram({
      name: 'messaging_handling_duration_seconds',
      help: 'Time from an event occurring to its consumer committing',
      labelNames: ['type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
  };
}

let metrics: ReturnType<typeof createMetrics> | undefined;

/** The lib's Prometheus metrics, registered on first use (not on import). */
export function messagingMetrics(): ReturnType<typeof createMetrics> {
  metrics ??= createMetrics();
  return metrics;
}
