import { HttpException } from '@nestjs/common';
import type { EventEnvelope } from '@platform/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

/** Parses and checks the envelope every event must carry (DESIGN.md "Messaging"). */
export function parseEnvelope(content: Buffer): EventEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(content.toString('utf8'));
  } catch {
    throw new InvalidEventError('body is not JSON');
  }
  const envelope = value as Partial<EventEnvelope> | null;
  const problems: string[] = [];
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope))
    throw new InvalidEventError('body is not an object');
  if (typeof envelope.id !== 'string' || !UUID.test(envelope.id)) problems.push('id must be a uuid');
  if (typeof envelope.type !== 'string' || envelope.type.length === 0) problems.push('type must be a non-empty string');
  if (!Number.isInteger(envelope.version) || (envelope.version as number) < 1)
    problems.push('version must be a positive integer');
  if (typeof envelope.occurredAt !== 'string' || Number.isNaN(Date.parse(envelope.occurredAt)))
    problems.push('occurredAt must be an ISO date');
  if (typeof envelope.correlationId !== 'string' || envelope.correlationId.length === 0)
    problems.push('correlationId must be a string');
  if (envelope.source !== undefined && typeof envelope.source !== 'string') problems.push('source must be a string');
  if (typeof envelope.payload !== 'object' || envelope.payload === null || Array.isArray(envelope.payload))
    problems.push('payload must be an object');
  if (problems.length > 0) throw new InvalidEventError(`invalid envelope: ${problems.join('; ')}`);
  return envelope as EventEnvelope;
}
