import { z } from 'zod';
import { EVENTS_EXCHANGE } from './envelope';
import { EVENT_PAYLOAD_SCHEMAS, eventEnvelopeSchema } from './event-schemas';

/** Where the committed AsyncAPI document lives, relative to the repository root. */
export const ASYNCAPI_DOCUMENT_PATH = 'docs/events.asyncapi.json';

/** The wire (input) side of a schema: what a publisher must send, defaults and all. */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-7' });
  return rest;
}

const messageName = (type: string): string =>
  type
    .split(/[.-]/)
    .map((word, index) => (index === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join('');

/**
 * The AsyncAPI 3.0 document of every platform event, built from the same schemas the consumer
 * transport parses with: one channel per routing key on the topic exchange, its message the envelope
 * with that type's payload, sent by the service the type is named after.
 */
export function buildAsyncApiDocument(): Record<string, unknown> {
  const envelope = jsonSchema(eventEnvelopeSchema) as { properties: Record<string, unknown> };
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const [type, schema] of Object.entries(EVENT_PAYLOAD_SCHEMAS)) {
    const name = messageName(type);
    const source = type.split('.')[0];
    messages[name] = {
      name: type,
      title: type,
      contentType: 'application/json',
      payload: {
        ...envelope,
        properties: {
          ...envelope.properties,
          type: { type: 'string', const: type },
          source: { type: 'string', const: source },
          payload: jsonSchema(schema),
        },
      },
    };
    channels[name] = {
      address: type,
      description: `Routing key ${type} on the topic exchange ${EVENTS_EXCHANGE}.`,
      messages: { [name]: { $ref: `#/components/messages/${name}` } },
      bindings: { amqp: { is: 'routingKey', exchange: { name: EVENTS_EXCHANGE, type: 'topic', durable: true } } },
    };
    operations[`send-${type}`] = {
      action: 'send',
      title: `${source} records ${type}`,
      channel: { $ref: `#/channels/${name}` },
      messages: [{ $ref: `#/channels/${name}/messages/${name}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Learning platform events',
      version: '1',
      description:
        'Every event the services publish through their outboxes. Generated from libs/contracts (the schemas ' +
        'the consumer transport checks payloads with): `npm run generate:contracts` rewrites it.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}
