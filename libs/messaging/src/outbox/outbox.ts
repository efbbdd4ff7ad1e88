import type { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import type { EventPayloads, EventType } from '@platform/contracts';
import { currentCorrelationId, SERVICE_NAME } from '@platform/service-kit';
import { currentTraceCarrier } from '@platform/telemetry';
import { MAX_TRACESTATE_LENGTH, OutboxMessage } from './outbox-message.entity';

/** Events are notifications, not documents: anything bigger belongs in storage, referenced by id. */
export const MAX_EVENT_PAYLOAD_BYTES = 256 * 1024;

/**
 * Checks that a payload can travel: a plain JSON object of bounded size. Refusing it here, in the
 * recording transaction, beats a row the relay can never publish (it would be retried forever).
 */
export function assertPublishablePayload(type: string, payload: unknown): void {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new TypeError(`payload of ${type} must be an object`);
  }
  let json: string;
  try {
    json = JSON.stringify(payload);
  } catch (error) {
    throw new TypeError(`payload of ${type} is not serialisable as JSON: ${(error as Error).message}`);
  }
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_EVENT_PAYLOAD_BYTES) {
    throw new RangeError(`payload of ${type} is ${bytes} bytes; events are limited to ${MAX_EVENT_PAYLOAD_BYTES}`);
  }
}

/** Records events in the caller's transaction; they are published only if it commits. */
@Injectable()
export class Outbox {
  constructor(@Inject(SERVICE_NAME) private readonly service: string) {}

  /**
   * Adds `type` with `payload` to the outbox of the transaction `em` belongs to (pass the
   * transaction's EntityManager, e.g. the `tx` of `em.transactional(async (tx) => ...)`). The row is
   * written with the transaction's other changes; the relay publishes it right after the commit.
   */
  record<T extends EventType>(em: EntityManager, type: T, payload: EventPayloads[T], version = 1): OutboxMessage {
    assertPublishablePayload(type, payload);
    const message = new OutboxMessage(type, payload as object, this.service, currentCorrelationId(), version);
    // The trace of the request or message that records the event goes on through the broker.
    const { traceparent, tracestate } = currentTraceCarrier();
    message.traceparent = traceparent ?? null;
    message.tracestate = tracestate && tracestate.length <= MAX_TRACESTATE_LENGTH ? tracestate : null;
    em.persist(message);
    return message;
  }
}
