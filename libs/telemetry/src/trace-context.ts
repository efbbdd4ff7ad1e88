import {
  context,
  type Context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
} from '@opentelemetry/api';

/** The W3C trace context of an operation, as stored with an outbox row and sent as message headers. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

const TRACER = 'learning-platform';

/** The current trace context in W3C form (empty outside a trace or when tracing is off). */
export function currentTraceCarrier(): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** Header values as amqplib hands them over: strings, sometimes Buffers. */
const headerGetter = {
  keys: (carrier: Record<string, unknown>): string[] => Object.keys(carrier),
  get: (carrier: Record<string, unknown>, key: string): string | undefined => {
    const value = carrier[key];
    if (typeof value === 'string') return value;
    if (Buffer.isBuffer(value)) return value.toString('utf8');
    return undefined;
  },
};

/** The trace context a carrier (stored row, message headers) describes, detached from whatever runs now. */
export function remoteTraceContext(carrier: Readonly<Record<string, unknown>> | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier, headerGetter) : ROOT_CONTEXT;
}

/**
 * Writes the trace context of `span` under `parent` (or, without a span, the active context) into
 * `headers` (traceparent, tracestate). When this process does not trace (no propagator), a carrier
 * already in `headers` stays as it is, so the context still travels on.
 */
export function writeTraceHeaders(headers: Record<string, unknown>, span?: Span, parent: Context = ROOT_CONTEXT): void {
  const fields = propagation.fields();
  if (fields.length === 0) return;
  for (const field of fields) delete headers[field];
  propagation.inject(span ? trace.setSpan(parent, span) : context.active(), headers);
}

/** Marks the active span failed with `error` (it ends where it was started). */
export function markActiveSpanFailed(error: unknown): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

export type MessagingSpanKind = 'publish' | 'process';

/**
 * A span of a message's journey (OpenTelemetry messaging conventions): `publish <type>` as the
 * relay hands it to the broker, `process <type>` as a consumer applies it, children of `parent`.
 * A no-op span when tracing is off.
 */
export function startMessagingSpan(
  kind: MessagingSpanKind,
  name: string,
  parent: Context,
  attributes: Attributes,
): Span {
  return trace.getTracer(TRACER).startSpan(
    `${kind} ${name}`,
    {
      kind: kind === 'publish' ? SpanKind.PRODUCER : SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'rabbitmq',
        'messaging.operation.type': kind === 'publish' ? 'send' : 'process',
        'messaging.operation.name': kind,
        ...attributes,
      },
    },
    parent,
  );
}

/** Ends `span`, marked failed with `error` if there is one. */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  }
  span.end();
}

/** Runs `work` with `span` (under `parent`) as the active span: what it logs, queries and records belongs to it. */
export function runInSpan<T>(parent: Context, span: Span, work: () => T): T {
  return context.with(trace.setSpan(parent, span), work);
}

/** Runs `work` outside any trace: background passes (the outbox relay's) must not join whatever woke them. */
export function runUntraced<T>(work: () => T): T {
  return context.with(ROOT_CONTEXT, work);
}

/** Names the active span (the HTTP server span) after the route template and records it as `http.route`. */
export function nameActiveSpanAfterRoute(method: string, route: string): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  span.updateName(`${method} ${route}`);
  span.setAttribute('http.route', route);
}

/** `trace_id`/`span_id` of the active span for a log line, or nothing outside a (sampled or not) trace. */
export function activeTraceLogFields(): { trace_id?: string; span_id?: string; trace_flags?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: `0${spanContext.traceFlags.toString(16)}`,
  };
}
