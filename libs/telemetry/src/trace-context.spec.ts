import { context, propagation, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  remoteTraceContext,
  runInSpan,
  currentTraceCarrier,
  writeTraceHeaders,
  activeTraceLogFields,
} from './trace-context';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('trace context through rows and headers', () => {
  beforeAll(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()));
  afterAll(() => context.disable());
  afterEach(() => propagation.disable());

  it('without a propagator (tracing off) writes nothing and leaves a carried context as it is', () => {
    const headers: Record<string, unknown> = { traceparent: TRACEPARENT, 'x-attempt': 2 };
    writeTraceHeaders(headers);
    expect(headers).toEqual({ traceparent: TRACEPARENT, 'x-attempt': 2 });
    expect(currentTraceCarrier()).toEqual({});
  });

  it('with W3C propagation restores a stored context, carries it on, and names it in log fields', () => {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const parent = remoteTraceContext({ traceparent: Buffer.from(TRACEPARENT), tracestate: 'vendor=1' });
    const remote = trace.getSpanContext(parent)!;
    expect(remote).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', traceFlags: TraceFlags.SAMPLED });
    // A span of this process (a no-op one here: no SDK) under the remote parent.
    const span = trace.wrapSpanContext({ ...remote, spanId: '00f067aa0ba902b7' });
    const headers: Record<string, unknown> = { traceparent: 'stale', tracestate: 'stale=1' };
    writeTraceHeaders(headers, span, parent);
    expect(headers).toEqual({
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01',
      tracestate: 'vendor=1',
    });
    runInSpan(parent, span, () => {
      expect(currentTraceCarrier().traceparent).toBe(headers.traceparent);
      expect(activeTraceLogFields()).toEqual({
        trace_id: '0af7651916cd43dd8448eb211c80319c',
        span_id: '00f067aa0ba902b7',
        trace_flags: '01',
      });
    });
    expect(activeTraceLogFields()).toEqual({});
  });
});
