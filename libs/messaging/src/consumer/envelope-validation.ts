import { HttpException } from '@nestjs/common';
import {
  describeIssues,
  type EventEnvelope,
  eventEnvelopeSchema,
  EventPayloadError,
  isKnownEventType,
  parseEventPayload,
} from '@platform/contracts';

/** Why a message can never be processed; such messages go straight to the DLQ. */
export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

/**
 * Whether retrying can never help: an invalid event (`InvalidEventError`), or a payload refused by
 * a validation pipe (`BadRequestException`, 400, or 422). Other errors, including other 4xx such as
 * a 404 for an entity an earlier event has not created yet, are retried.
 */
export function isPermanentFailure(error: unknown): boolean {
  if (error instanceof InvalidEventError) return true;
  if (error instanceof HttpException) return error.getStatus() === 400 || error.getStatus() === 422;
  return false;
}

/** Parses and checks the envelope every event must carry (DESIGN.md "Messaging"), naming every problem. */
export function parseEnvelope(content: Buffer): EventEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(content.toString('utf8'));
  } catch {
    throw new InvalidEventError('body is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidEventError('body is not an object');
  const result = eventEnvelopeSchema.safeParse(value);
  if (!result.success)
    throw new InvalidEventError(`invalid envelope: ${describeIssues(result.error, false).join('; ')}`);
  return value as EventEnvelope;
}

/**
 * The payload of a platform event type parsed by its one schema in libs/contracts (defaults of older
 * publishers applied), before any handler sees it; a payload that does not match can never be
 * applied, so it is an InvalidEventError (dead-lettered, its problems in the log line and header).
 * Types outside the contracts (the transport's own tests) are passed on as they came.
 */
export function parsePayload(envelope: EventEnvelope): unknown {
  if (!isKnownEventType(envelope.type)) return envelope.payload;
  try {
    return parseEventPayload(envelope.type, envelope.payload);
  } catch (error) {
    if (error instanceof EventPayloadError) throw new InvalidEventError(error.message);
    throw error;
  }
}
