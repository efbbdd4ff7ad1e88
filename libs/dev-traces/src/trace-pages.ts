import type { ReceivedSpan } from './otlp-trace-decoder';
import type { TraceSummary } from './trace-store';

const KIND_NAMES = ['', 'internal', 'server', 'client', 'producer', 'consumer'];

function escapeHtml(text: unknown): string {
  return String(text).replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}table{border-collapse:collapse;width:100%}
td,th{padding:.3rem .5rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}a{color:#0b5cad}
.bar{position:relative;height:14px;background:#f3f3f3;min-width:300px}.bar span{position:absolute;top:0;height:14px;background:#4a90d9}
.error .bar span{background:#d9534f}.error td:first-child{color:#b52b27}small{color:#777}details{font-size:12px}`;

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** The list of recent traces, newest first. */
export function traceListPage(traces: readonly TraceSummary[]): string {
  const rows = traces
    .map(
      (trace) =>
        `<tr class="${trace.errorCount > 0 ? 'error' : ''}"><td><a href="traces/${escapeHtml(trace.traceId)}">${escapeHtml(trace.name)}</a></td>` +
        `<td>${escapeHtml(trace.services.join(', '))}</td><td>${trace.spanCount}</td><td>${trace.errorCount}</td>` +
        `<td>${trace.durationMs.toFixed(1)} ms</td><td><small>${new Date(trace.startMs).toISOString()}</small></td></tr>`,
    )
    .join('');
  return page(
    'Traces',
    `<h1>Traces</h1><p><small>The latest ${traces.length} traces the platform's processes sent (OTLP); newest first. Reload for more.</small></p>` +
      `<table><tr><th>root span</th><th>services</th><th>spans</th><th>errors</th><th>duration</th><th>started</th></tr>${rows}</table>`,
  );
}

/** One trace as a waterfall: spans in tree order, indented under their parents, bars on a shared time axis. */
export function tracePage(traceId: string, spans: readonly ReceivedSpan[]): string {
  if (spans.length === 0)
    return page('Trace not found', `<p>No trace ${escapeHtml(traceId)}. <a href="../">All traces</a></p>`);
  const start = Math.min(...spans.map((span) => span.startMs));
  const total = Math.max(1, Math.max(...spans.map((span) => span.endMs)) - start);
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string | undefined, ReceivedSpan[]>();
  for (const span of spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const rows: string[] = [];
  const walk = (parent: string | undefined, depth: number): void => {
    for (const span of children.get(parent) ?? []) {
      const left = ((span.startMs - start) / total) * 100;
      const width = Math.max(0.3, ((span.endMs - span.startMs) / total) * 100);
      const details = Object.entries(span.attributes)
        .map(([key, value]) => `${escapeHtml(key)}=${escapeHtml(JSON.stringify(value))}`)
        .join('<br>');
      rows.push(
        `<tr class="${span.status.code === 2 ? 'error' : ''}"><td style="padding-left:${depth * 1.2 + 0.5}rem">${escapeHtml(span.name)}` +
          `${span.status.message ? ` <small>${escapeHtml(span.status.message)}</small>` : ''}<details><summary>${escapeHtml(KIND_NAMES[span.kind] ?? '')}</summary>${details}</details></td>` +
          `<td>${escapeHtml(span.service)}</td><td>${(span.endMs - span.startMs).toFixed(1)} ms</td>` +
          `<td><div class="bar"><span style="left:${left}%;width:${width}%"></span></div></td></tr>`,
      );
      walk(span.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return page(
    `Trace ${traceId}`,
    `<p><a href="../">All traces</a></p><h1>Trace <small>${escapeHtml(traceId)}</small></h1>` +
      `<table><tr><th>span</th><th>service</th><th>duration</th><th>timeline (${total.toFixed(1)} ms)</th></tr>${rows.join('')}</table>`,
  );
}
