import type { ReceivedSpan } from './otlp-trace-decoder';

export interface TraceSummary {
  readonly traceId: string;
  /** The root span's name (or the earliest span's, while the root has not arrived). */
  readonly name: string;
  readonly services: readonly string[];
  readonly spanCount: number;
  readonly errorCount: number;
  readonly startMs: number;
  readonly durationMs: number;
}

/** The latest traces in memory, oldest dropped first: a developer's view, never a store of record. */
export class TraceStore {
  private readonly traces = new Map<string, ReceivedSpan[]>();

  constructor(private readonly maxTraces = 500) {}

  add(spans: readonly ReceivedSpan[]): void {
    for (const span of spans) {
      const existing = this.traces.get(span.traceId);
      if (existing) existing.push(span);
      else this.traces.set(span.traceId, [span]);
    }
    for (const traceId of this.traces.keys()) {
      if (this.traces.size <= this.maxTraces) break;
      this.traces.delete(traceId);
    }
  }

  spans(traceId: string): ReceivedSpan[] {
    return [...(this.traces.get(traceId) ?? [])].sort((a, b) => a.startMs - b.startMs);
  }

  /** Every stored span, for tests that look for one by its attributes. */
  allSpans(): ReceivedSpan[] {
    return [...this.traces.values()].flat();
  }

  /** Newest first. */
  summaries(): TraceSummary[] {
    return [...this.traces.keys()].map((traceId) => this.summary(traceId)).sort((a, b) => b.startMs - a.startMs);
  }

  private summary(traceId: string): TraceSummary {
    const spans = this.spans(traceId);
    const ids = new Set(spans.map((span) => span.spanId));
    const root = spans.find((span) => !span.parentSpanId || !ids.has(span.parentSpanId)) ?? spans[0];
    const startMs = Math.min(...spans.map((span) => span.startMs));
    return {
      traceId,
      name: `${root.service}: ${root.name}`,
      services: [...new Set(spans.map((span) => span.service))],
      spanCount: spans.length,
      errorCount: spans.filter((span) => span.status.code === 2).length,
      startMs,
      durationMs: Math.max(...spans.map((span) => span.endMs)) - startMs,
    };
  }
}
