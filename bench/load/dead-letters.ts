// How many messages the platform's dead-letter queues hold, read over AMQP with a passive declare
// (`checkQueue`): it needs only the AMQP URL (no management plugin, which neither `npm start`'s
// RabbitMQ nor Amazon MQ's private brokers necessarily expose), reads without consuming, and
// changes nothing. The load compares the counts before and after the run.
import { connect } from 'amqplib';

/**
 * `<queue>.dlq` of every consumer queue (libs/messaging): catalog (catalog's config), progress
 * (progress's config), media and media-worker (media's `mediaQueues`). Identity consumes nothing.
 * On an exchange other than `platform.events` the queues are prefixed `<exchange>.`: pass `--dlq`.
 */
export const PLATFORM_DEAD_LETTER_QUEUES = ['catalog.dlq', 'progress.dlq', 'media.dlq', 'media-worker.dlq'];

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
