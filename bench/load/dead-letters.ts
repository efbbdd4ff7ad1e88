// How many messages the platform's dead-letter queues hold, read over AMQP with a passive declare
// (`checkQueue`): it needs only the AMQP URL (no management plugin, which neither `npm start`'s
// RabbitMQ nor Amazon MQ's private brokers necessarily expose), reads without consuming, and
// changes nothing. The load compares the counts before and after the run.
import { BACKEND_SERVICES, consumerQueueOf, EVENTS_EXCHANGE, MEDIA_WORKER } from '@platform/contracts';
import { deadLetterQueueOf } from '@platform/messaging';
import { connect } from 'amqplib';

/**
 * The dead-letter queue of every consumer on the platform's exchange: catalog, progress, media and
 * media's worker (identity consumes nothing). On another exchange their names differ: pass `--dlq`.
 */
export const PLATFORM_DEAD_LETTER_QUEUES = [
  BACKEND_SERVICES.catalog.name,
  BACKEND_SERVICES.progress.name,
  BACKEND_SERVICES.media.name,
  MEDIA_WORKER.name,
].map((consumer) => deadLetterQueueOf(consumerQueueOf(consumer, EVENTS_EXCHANGE)));

/** queue → ready messages, or the reason it could not be read (no such queue, broker unreachable). */
export type DeadLetterCounts = Record<string, number | string>;

export async function countDeadLetters(amqpUrl: string, queues: string[]): Promise<DeadLetterCounts> {
  const counts: DeadLetterCounts = {};
  let connection;
  try {
    connection = await connect(amqpUrl, { timeout: 10_000 });
  } catch (error) {
    const reason = `broker not reachable at ${redact(amqpUrl)}: ${error instanceof Error ? error.message : error}`;
    for (const queue of queues) counts[queue] = reason;
    return counts;
  }
  connection.on('error', () => undefined);
  try {
    for (const queue of queues) {
      // A passive declare of a missing queue closes its channel (404): one channel per queue.
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      try {
        counts[queue] = (await channel.checkQueue(queue)).messageCount;
        await channel.close();
      } catch (error) {
        counts[queue] = /NOT_FOUND|404/.test(String(error)) ? 'no such queue' : String(error);
      }
    }
  } finally {
    await connection.close().catch(() => undefined);
  }
  return counts;
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
