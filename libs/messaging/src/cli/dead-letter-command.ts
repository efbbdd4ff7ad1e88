import { EVENTS_EXCHANGE } from '@platform/contracts';
import { connect, type GetMessage } from 'amqplib';

/**
 * Operators' view of a consumer's dead-letter queue:
 *   list                  id, type, attempts and last error of every parked message
 *   show <message-id>     one message in full
 *   replay <message-id>   publish it again to the events exchange (its consumer deduplicates)
 *   replay-all            the same for every parked message
 * Messages not replayed stay in the queue untouched (they are fetched and requeued).
 */
export async function runDeadLetterCommand(
  options: { amqpUrl: string; queue: string; exchange?: string },
  argv: readonly string[],
  print: (line: string) => void = (line) => console.log(line),
): Promise<number> {
  const [command = 'list', messageId] = argv;
  const dlq = `${options.queue}.dlq`;
  const connection = await connect(options.amqpUrl);
  const channel = await connection.createConfirmChannel();
  const held: GetMessage[] = [];
  let replayed = 0;
  try {
    await channel.checkQueue(dlq);
    for (
      let message = await channel.get(dlq, { noAck: false });
      message;
      message = await channel.get(dlq, { noAck: false })
    ) {
      held.push(message);
    }
    for (const message of held) {
      const headers = message.properties.headers ?? {};
      const id = String(message.properties.messageId ?? '');
      const type = String(message.properties.type ?? headers['x-original-routing-key'] ?? '');
      if (command === 'list') {
        print(
          `${id}\t${type}\tattempts=${Number(headers['x-attempt'] ?? 1) - 1}\t${String(headers['x-last-error'] ?? '')}`,
        );
      } else if (command === 'show' && id === messageId) {
        print(JSON.stringify({ properties: message.properties, body: message.content.toString('utf8') }, null, 2));
      } else if ((command === 'replay' && id === messageId) || command === 'replay-all') {
        const { ['x-attempt']: _attempt, ['x-last-error']: _error, ...cleanHeaders } = headers;
        channel.publish(
          options.exchange ?? EVENTS_EXCHANGE,
          String(headers['x-original-routing-key'] ?? type),
          message.content,
          {
            ...message.properties,
            headers: cleanHeaders,
            persistent: true,
          },
        );
        await channel.waitForConfirms();
        channel.ack(message);
        replayed++;
      }
    }
    if (command.startsWith('replay')) print(`${replayed} message(s) replayed from ${dlq}`);
    if (!['list', 'show', 'replay', 'replay-all'].includes(command))
      throw new Error(`unknown command "${command}": use list | show <id> | replay <id> | replay-all`);
    return replayed;
  } finally {
    channel.nackAll(true);
    await channel.close().catch(() => undefined);
    await connection.close().catch(() => undefined);
  }
}
