import type { EventEnvelope } from '@platform/contracts';

/** An unpublished outbox row as the relay claims it (the columns of OutboxMessage it publishes). */
export interface OutboxRow {
  id: string;
  type: string;
  version: number;
  payload: object | string;
  correlation_id: string;
  source: string;
  occurred_at: Date | string;
  traceparent: string | null;
  tracestate: string | null;
}

/** The oldest unpublished rows no other relay holds, locked until the batch's transaction ends. */
export const CLAIM_SQL = `select "id", "type", "version", "payload", "correlation_id", "source", "occurred_at", "traceparent", "tracestate"
  from "outbox_message" where "published_at" is null
  order by "occurred_at" asc, "id" asc limit ? for update skip locked`;

export function occurredAt(row: OutboxRow): Date {
  return row.occurred_at instanceof Date ? row.occurred_at : new Date(row.occurred_at);
}

export function envelopeOf(row: OutboxRow): EventEnvelope {
  return {
    id: row.id,
    type: row.type,
    version: row.version,
    occurredAt: occurredAt(row).toISOString(),
    correlationId: row.correlation_id,
    source: row.source,
    payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as object) : row.payload,
  };
}
