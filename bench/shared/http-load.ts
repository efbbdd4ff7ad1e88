// autocannon runs and their figures, for the benchmarks of HTTP reads (progress, catalog).
import autocannon from 'autocannon';

/** Connections kept busy by every read benchmark (issue 22's c=100). */
export const CONNECTIONS = 100;

export function load(url: string, headers: Record<string, string>, seconds: number): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
}

export interface Figures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export function figures(result: autocannon.Result): Figures {
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** Rounds together: throughput over the whole time; the worst round's latencies; all errors. */
export function combined(results: autocannon.Result[]): Figures & { requests: number } {
  const requests = results.reduce((sum, result) => sum + result.requests.total, 0);
  const seconds = results.reduce((sum, result) => sum + result.duration, 0);
  return {
    requests,
    requestsPerSecond: Math.round(requests / seconds),
    p50Ms: Math.max(...results.map((result) => result.latency.p50)),
    p99Ms: Math.max(...results.map((result) => result.latency.p99)),
    errors: results.reduce((sum, result) => sum + result.errors + result.timeouts + result.non2xx, 0),
  };
}

/** Polls `url` until it answers 200 (at most a minute). */
export async function waitForOk(url: string, headers: Record<string, string> = {}): Promise<void> {
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(url, { headers }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no 200 from ${url}`);
}
