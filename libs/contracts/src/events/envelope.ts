/** The exchange every event is published to; routing key = event type. */
export const EVENTS_EXCHANGE = 'platform.events';

/** What travels on the wire for every event. */
export interface EventEnvelope<TType extends string = string, TPayload = unknown> {
  /** Unique message id (uuid): consumers record it in their inbox so redeliveries are no-ops. */
  readonly id: string;
  readonly type: TType;
  /** Payload schema version of this event type. */
  readonly version: number;
  /** ISO-8601 instant at which the state change happened (not when it was published). */
  readonly occurredAt: string;
  /** Follows a user action across services and into every log line it causes. */
  readonly correlationId: string;
  /** The service that recorded the event. */
  readonly source: string;
  readonly payload: TPayload;
}
