import { EVENTS_EXCHANGE } from './envelope';

/**
 * The durable queue of a consumer (a service's name, or `media-worker`): the consumer's name on the
 * platform's exchange. Any other exchange (each test or benchmark run has its own) gets queues of
 * its own, `<exchange>.<consumer>`, so a run never takes messages from, or binds foreign exchanges
 * to, the queues of the services on the same broker. Here, not in messaging, because the cluster's
 * autoscaler (cdk8s) needs it too; messaging names the retry and dead-letter queues after it.
 */
export function consumerQueueOf(consumer: string, exchange: string): string {
  return exchange === EVENTS_EXCHANGE ? consumer : `${exchange}.${consumer}`;
}
