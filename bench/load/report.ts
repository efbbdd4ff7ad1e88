// The end-of-run report: journeys, latency per step and per route, throttling, the invariants.
import { percentile } from '../shared/results';
import type { RequestRecord } from './http-recorder';
import type { InvariantResult } from './invariants';
import type { JourneyKind, StepRecord } from './journey-log';

export interface LoadSummary {
  readonly runTag: string;
  readonly baseUrl: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly journeys: Record<JourneyKind, { planned: number; done: number; failed: number }>;
  readonly learnerJourneysPerSecond: number;
  readonly steps: Array<{ step: string; count: number; failed: number; p50Ms: number; p95Ms: number; maxMs: number }>;
  readonly routes: Array<{
    route: string;
    count: number;
    status4xx: number;
    status5xx: number;
    noAnswer: number;
    p50Ms: number;
    p95Ms: number;
  }>;
  readonly requests: {
    total: number;
    status4xx: number;
    status5xx: number;
    noAnswer: number;
    throttled: number;
    /** Attempts the client sent again (no answer, 502, 503; only with client retries on). */
    retried: number;
    /** Requests whose last attempt got no answer or a 5xx: the failures a client was left with. */
    failed: number;
  };
  /** Learners who read exactly 100 % at the end (every check of `progressComplete`). */
  readonly learnersAtFull: number;
  /** The requests counted in `requests.failed` (the first 200). */
  readonly failedRequests: RequestRecord[];
  readonly throttledWaitMs: number;
  readonly invariants: InvariantResult[];
  readonly ok: boolean;
}

/** The last attempt of a request, and it got no answer or a 5xx. */
const failedForGood = (request: RequestRecord): boolean =>
  !request.retried && (request.status === 0 || request.status >= 500);

const round = (ms: number): number => Math.round(ms * 10) / 10;

function stepRows(steps: StepRecord[]): LoadSummary['steps'] {
  const byStep = new Map<string, StepRecord[]>();
  for (const step of steps) byStep.set(step.step, [...(byStep.get(step.step) ?? []), step]);
  // Instructors' steps first, each kind in the order its steps first ran.
  const kindOrder = (step: string): number => (step.startsWith('instructor.') ? 0 : 1);
  const ordered = [...byStep].sort(([a], [b]) => kindOrder(a) - kindOrder(b));
  return ordered.map(([step, records]) => {
    const ms = records.map((record) => record.ms);
    return {
      step,
      count: records.length,
      failed: records.filter((record) => !record.ok).length,
      p50Ms: round(percentile(ms, 50)),
      p95Ms: round(percentile(ms, 95)),
      maxMs: round(Math.max(...ms)),
    };
  });
}

function routeRows(requests: RequestRecord[]): LoadSummary['routes'] {
  const byRoute = new Map<string, RequestRecord[]>();
  for (const request of requests) byRoute.set(request.route, [...(byRoute.get(request.route) ?? []), request]);
  return [...byRoute]
    .map(([route, records]) => {
      const answered = records.filter((record) => record.status !== 0).map((record) => record.ms);
      return {
        route,
        count: records.length,
        status4xx: records.filter((record) => record.status >= 400 && record.status < 500).length,
        status5xx: records.filter((record) => record.status >= 500).length,
        noAnswer: records.filter((record) => record.status === 0).length,
        p50Ms: round(percentile(answered, 50)),
        p95Ms: round(percentile(answered, 95)),
      };
    })
    .sort((a, b) => b.count - a.count);
}

export function summarise(input: {
  runTag: string;
  baseUrl: string;
  startedAt: Date;
  durationMs: number;
  planned: Record<JourneyKind, number>;
  done: Record<JourneyKind, number>;
  steps: StepRecord[];
  requests: RequestRecord[];
  throttledWaitMs: number;
  invariants: InvariantResult[];
  learnersAtFull: number;
}): LoadSummary {
  const journey = (kind: JourneyKind): { planned: number; done: number; failed: number } => ({
    planned: input.planned[kind],
    done: input.done[kind],
    failed: input.planned[kind] - input.done[kind],
  });
  const count = (test: (status: number) => boolean): number =>
    input.requests.filter((request) => test(request.status)).length;
  return {
    runTag: input.runTag,
    baseUrl: input.baseUrl,
    startedAt: input.startedAt.toISOString(),
    durationMs: Math.round(input.durationMs),
    journeys: { instructor: journey('instructor'), learner: journey('learner') },
    learnerJourneysPerSecond: Math.round((input.done.learner / (input.durationMs / 1000)) * 100) / 100,
    steps: stepRows(input.steps),
    routes: routeRows(input.requests),
    requests: {
      total: input.requests.length,
      status4xx: count((status) => status >= 400 && status < 500),
      status5xx: count((status) => status >= 500),
      noAnswer: count((status) => status === 0),
      throttled: count((status) => status === 429),
      retried: input.requests.filter((request) => request.retried).length,
      failed: input.requests.filter(failedForGood).length,
    },
    learnersAtFull: input.learnersAtFull,
    failedRequests: input.requests.filter(failedForGood).slice(0, 200),
    throttledWaitMs: Math.round(input.throttledWaitMs),
    invariants: input.invariants,
    ok: input.invariants.every((invariant) => invariant.ok),
  };
}

/** A plain-text table: first row is the header, numbers right-aligned. */
export function table(rows: Array<Array<string | number>>): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  return rows
    .map((row, index) => {
      const line = row
        .map((cell, column) =>
          typeof cell === 'number' ? String(cell).padStart(widths[column]) : String(cell).padEnd(widths[column]),
        )
        .join('  ');
      return index === 0 ? `${line}\n${widths.map((width) => '-'.repeat(width)).join('  ')}` : line;
    })
    .join('\n');
}

export function formatReport(summary: LoadSummary): string {
  const { journeys, requests } = summary;
  const lines = [
    `load run ${summary.runTag} against ${summary.baseUrl}: ${(summary.durationMs / 1000).toFixed(1)} s, ` +
      `${summary.learnerJourneysPerSecond} learner journeys/s`,
    '',
    table([
      ['journeys', 'planned', 'done', 'failed'],
      ['instructor', journeys.instructor.planned, journeys.instructor.done, journeys.instructor.failed],
      ['learner', journeys.learner.planned, journeys.learner.done, journeys.learner.failed],
    ]),
    '',
    table([
      ['step', 'count', 'failed', 'p50 ms', 'p95 ms', 'max ms'],
      ...summary.steps.map((row) => [row.step, row.count, row.failed, row.p50Ms, row.p95Ms, row.maxMs]),
    ]),
    '',
    table([
      ['route', 'requests', '4xx', '5xx', 'no answer', 'p50 ms', 'p95 ms'],
      ...summary.routes.map((row) => [
        row.route,
        row.count,
        row.status4xx,
        row.status5xx,
        row.noAnswer,
        row.p50Ms,
        row.p95Ms,
      ]),
    ]),
    '',
    `requests: ${requests.total}, 4xx ${requests.status4xx} (429 ${requests.throttled}, waited ` +
      `${(summary.throttledWaitMs / 1000).toFixed(1)} s in total), 5xx ${requests.status5xx}, ` +
      `no answer ${requests.noAnswer}`,
    '',
    'invariants:',
    ...summary.invariants.flatMap((invariant) => [
      `  ${invariant.ok ? 'ok    ' : 'BROKEN'} ${invariant.name}${invariant.note ? ` (${invariant.note})` : ''}`,
      ...invariant.problems.map((problem) => `           - ${problem}`),
    ]),
    '',
    summary.ok ? 'load: every invariant held' : 'load: FAILED, invariants broken (see above)',
  ];
  return lines.join('\n');
}
