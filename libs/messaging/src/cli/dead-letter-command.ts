import { runEntryPoint } from '@platform/service-kit';
import { type ChannelModel, connect, type GetMessage, type MessagePropertyHeaders } from 'amqplib';
import { deadLetterQueueOf } from '../consumer/topology';
import { namespaced } from '../messaging.options';
import { ATTEMPT_HEADER, FAILED_AT_HEADER, LAST_ERROR_HEADER, ORIGINAL_ROUTING_KEY_HEADER } from '../consumer/headers';

export interface DeadLetterCommandOptions {
  readonly amqpUrl: string;
  /** The consumer's queue as given to `MessagingModule.forRoot({ consumer: { queue } })`. */
  readonly queue: string;
  /** The same namespace as the module's, if any. */
  readonly namespace?: string;
}

export const DEAD_LETTER_USAGE = 'usage: dlq list | show <message-id> | replay <message-id> | replay-all';

/** Headers that describe a failed delivery; a replay starts afresh without them. */
const FAILURE_HEADERS = new Set([ATTEMPT_HEADER, LAST_ERROR_HEADER, FAILED_AT_HEADER]);
const BROKER_DEATH_HEADER = /^x-(death|first-death-|last-death-)/;

function describe(message: GetMessage): {
  id: string;
  type: string;
  failedDeliveries: number;
  failedAt: string;
  error: string;
} {
  const headers: MessagePropertyHeaders = message.properties.headers ?? {};
  return {
    id: String(message.properties.messageId ?? ''),
    type: String(message.properties.type ?? headers[ORIGINAL_ROUTING_KEY_HEADER] ?? message.fields.routingKey),
    failedDeliveries: Math.max(1, Number(headers[ATTEMPT_HEADER] ?? 2) - 1),
    failedAt: String(headers[FAILED_AT_HEADER] ?? ''),
    error: String(headers[LAST_ERROR_HEADER] ?? ''),
  };
}

/** The broker closes a channel that checks a missing queue (404), so the check gets a channel of its own. */
async function queueExists(connection: ChannelModel, queue: string): Promise<boolean> {
  const probe = await connection.createChannel();
  probe.on('error', () => undefined);
  try {
    await probe.checkQueue(queue);
    await probe.close();
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 404) return false;
    throw error;
  }
}

/**
 * Operators' view of a consumer's dead-letter queue `<queue>.dlq`:
 *   list                  id, type, failed deliveries, when and last error of every parked message
 *   show <message-id>     one message in full (properties, headers, body)
 *   replay <message-id>   send it back to `<queue>` with a fresh attempt count
 *   replay-all            the same for every parked message
 * Replays go to the consumer's own queue, not the exchange: other services, which applied the event
 * already, do not see it again. Messages that are not replayed stay in the DLQ untouched (they are
 * fetched unacknowledged and requeued). Resolves with a process exit code: 0 done, 1 no such
 * message (or no such dead-letter queue: the consumer never started on this broker), 2 usage error.
 */
export async function runDeadLetterCommand(
  argv: readonly string[],
  options: DeadLetterCommandOptions,
  print: (line: string) => void = (line) => console.log(line),
): Promise<number> {
  const [command = 'list', messageId] = argv;
  if (
    !['list', 'show', 'replay', 'replay-all'].includes(command) ||
    (['show', 'replay'].includes(command) && !messageId)
  ) {
    print(DEAD_LETTER_USAGE);
    return 2;
  }
  const queue = namespaced(options.namespace, options.queue);
  const dlq = deadLetterQueueOf(queue);
  const connection = await connect(options.amqpUrl);
  try {
    if (!(await queueExists(connection, dlq))) {
      print(`no queue ${dlq} on this broker: its consumer has never started here, so nothing was dead-lettered`);
      return 1;
    }
    const channel = await connection.createConfirmChannel();
    const held: GetMessage[] = [];
    for (let message = await channel.get(dlq); message; message = await channel.get(dlq)) held.push(message);
    const selected = held.filter(
      (message) => command === 'list' || command === 'replay-all' || message.properties.messageId === messageId,
    );
    if (command === 'list') {
      for (const message of selected) {
        const { id, type, failedDeliveries, failedAt, error } = describe(message);
        print(`${id}\t${type}\tfailed=${failedDeliveries}\t${failedAt}\t${error}`);
      }
      print(`${selected.length} message(s) in ${dlq}`);
    } else if (command === 'show') {
      for (const message of selected) {
        const body = message.content.toString('utf8');
        let parsed: unknown = body;
        try {
          parsed = JSON.parse(body);
        } catch {
          // Not JSON (that may be why it is here): shown as text.
        }
        print(JSON.stringify({ ...describe(message), properties: message.properties, body: parsed }, null, 2));
      }
    } else {
      for (const message of selected) {
        const headers = Object.fromEntries(
          Object.entries(message.properties.headers ?? {}).filter(
            ([name]) => !FAILURE_HEADERS.has(name) && !BROKER_DEATH_HEADER.test(name),
          ),
        );
        channel.sendToQueue(queue, message.content, {
          ...message.properties,
          headers: { ...headers, 'x-replayed-at': new Date().toISOString() },
          persistent: true,
        });
        await channel.waitForConfirms();
        channel.ack(message);
      }
      print(`${selected.length} message(s) replayed from ${dlq} to ${queue}`);
    }
    channel.nackAll(true);
    await channel.close();
    if (selected.length === 0 && messageId) {
      print(`no message ${messageId} in ${dlq}`);
      return 1;
    }
    return 0;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/**
 * A service's `dist/dlq.js` entry point: reads its options (the service's config, so a bad setting is
 * reported like any other failure: one line, exit 1), runs the command and exits with its code.
 */
export function runDeadLetterEntryPoint(argv: readonly string[], options: () => DeadLetterCommandOptions): void {
  runEntryPoint(() => runDeadLetterCommand(argv, options()));
}
