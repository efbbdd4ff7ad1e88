import { PLATFORM_METRICS } from '@platform/contracts';
import { counter, gauge, histogram } from '@platform/service-kit';

/** Seconds from an event occurring to a consumer having applied it: sub-second normally, minutes behind a backlog. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

function createMetrics() {
  return {
    published: counter({
      name: PLATFORM_METRICS.messagesPublished.name,
      help: 'Events handed to the broker by the outbox relay',
      labelNames: ['type'],
    }),
    confirmed: counter({
      name: PLATFORM_METRICS.messagesConfirmed.name,
      help: 'Events the broker confirmed',
      labelNames: ['type'],
    }),
    consumed: counter({
      name: PLATFORM_METRICS.messagesConsumed.name,
      help: 'Deliveries processed by consumers, by outcome (applied, or duplicate: applied before)',
      labelNames: ['type', 'outcome'],
    }),
    retried: counter({
      name: PLATFORM_METRICS.messagesRetried.name,
      help: 'Failed deliveries sent to a retry queue',
      labelNames: ['type'],
    }),
    deadLettered: counter({
      name: PLATFORM_METRICS.messagesDeadLettered.name,
      help: 'Messages parked in a dead-letter queue',
      labelNames: ['type'],
    }),
    outboxPending: gauge({
      name: PLATFORM_METRICS.outboxPendingEvents.name,
      help: 'Outbox rows not yet published (refreshed by the relay every few seconds)',
    }),
    outboxOldestAge: gauge({
      name: PLATFORM_METRICS.outboxOldestPendingAge.name,
      help: 'Age of the oldest outbox row not yet published; 0 when none is pending',
    }),
    endToEndSeconds: histogram({
      name: PLATFORM_METRICS.eventEndToEnd.name,
      help: 'Time from an event occurring (recorded in the outbox) to a consumer having applied it (committed)',
      labelNames: ['type', 'queue'],
      buckets: LATENCY_BUCKETS,
    }),
    queueMessages: gauge({
      name: PLATFORM_METRICS.queueReadyMessages.name,
      help: "Messages waiting in a consumer's queue (its lag), asked of the broker at scrape time",
      labelNames: ['queue'],
      collect: readQueueDepths,
    }),
    deadLetterMessages: gauge({
      name: PLATFORM_METRICS.deadLetterQueueMessages.name,
      help: "Messages parked in a consumer's dead-letter queue, asked of the broker at scrape time",
      labelNames: ['queue'],
      collect: readQueueDepths,
    }),
  };
}

let metrics: ReturnType<typeof createMetrics> | undefined;

/** Each consumer's reader of its queues' depths (it sets the two gauges). */
const queueDepthReaders = new Set<() => Promise<void>>();
let reading: Promise<void> | undefined;
const QUEUE_DEPTH_TIMEOUT_MS = 2_000;

/** Registers a consumer's queue-depth reader for scrapes; returns its removal. */
export function addQueueDepthReader(reader: () => Promise<void>): () => void {
  queueDepthReaders.add(reader);
  return () => queueDepthReaders.delete(reader);
}

/**
 * Both queue gauges' collect: one round of passive declares per scrape (the second gauge's
 * collect finds the first's round), bounded so a slow broker never holds up /metrics.
 */
function readQueueDepths(): Promise<void> {
  reading ??= (async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.allSettled([...queueDepthReaders].map((read) => read())),
        new Promise((resolve) => (timer = setTimeout(resolve, QUEUE_DEPTH_TIMEOUT_MS))),
      ]);
    } finally {
      clearTimeout(timer);
      reading = undefined;
    }
  })();
  return reading;
}

/** The lib's Prometheus metrics, registered on first use (not on import). */
export function messagingMetrics(): ReturnType<typeof createMetrics> {
  metrics ??= createMetrics();
  return metrics;
}
