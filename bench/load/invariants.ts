// The invariants a load run must keep (issue 10): every journey finished, progress exactly 100 % at
// the end, every cover ready in time, no message dead-lettered, no 5xx. Pure functions over what
// the run collected, so each check is unit-tested on its own.
import type { DeadLetterCounts } from './dead-letters';
import type { RequestRecord } from './http-recorder';
import type { CoverOutcome } from './instructor-journey';
import type { JourneyFailure, JourneyKind } from './journey-log';
import type { ProgressOutcome } from './learner-journey';

export interface InvariantResult {
  readonly name: string;
  readonly ok: boolean;
  /** What broke, one line each (empty when ok). */
  readonly problems: string[];
  /** How much it looked at, when that is less than the run planned (`3 of 20 learners got there`). */
  readonly note?: string;
}

export interface RunFacts {
  readonly planned: Record<JourneyKind, number>;
  readonly done: Record<JourneyKind, number>;
  readonly failures: JourneyFailure[];
  readonly requests: RequestRecord[];
  readonly covers: CoverOutcome[];
  readonly coverTimeoutMs: number;
  readonly progress: ProgressOutcome[];
  /** Undefined when the check was switched off (`--no-dead-letter-check`). */
  readonly deadLetters?: { readonly before: DeadLetterCounts; readonly after: DeadLetterCounts };
}

const MAX_LINES = 20;

function result(name: string, problems: string[]): InvariantResult {
  const shown =
    problems.length > MAX_LINES ? [...problems.slice(0, MAX_LINES), `… ${problems.length - MAX_LINES} more`] : problems;
  return { name, ok: problems.length === 0, problems: shown };
}

export function journeysFinished(facts: Pick<RunFacts, 'planned' | 'done' | 'failures'>): InvariantResult {
  const problems: string[] = [];
  for (const kind of ['instructor', 'learner'] as const) {
    if (facts.done[kind] !== facts.planned[kind]) {
      problems.push(`${facts.done[kind]} of ${facts.planned[kind]} ${kind} journeys finished`);
    }
  }
  for (const failure of facts.failures) problems.push(`${failure.journey} at ${failure.step}: ${failure.message}`);
  return result('every journey finishes', problems);
}

/** No 5xx anywhere, counted per route (an attempt the client sent again is not the answer it got). */
export function noServerErrors(requests: RequestRecord[]): InvariantResult {
  const byRoute = new Map<string, Map<number, number>>();
  for (const request of requests) {
    if (request.status < 500 || request.retried) continue;
    const statuses = byRoute.get(request.route) ?? new Map<number, number>();
    statuses.set(request.status, (statuses.get(request.status) ?? 0) + 1);
    byRoute.set(request.route, statuses);
  }
  const problems = [...byRoute].map(
    ([route, statuses]) => `${route}: ${[...statuses].map(([status, count]) => `${count}× ${status}`).join(', ')}`,
  );
  return result('no 5xx', problems);
}

/** Every request got an answer (none refused, reset or timed out). */
export function everyRequestAnswered(requests: RequestRecord[]): InvariantResult {
  const byRoute = new Map<string, { count: number; reasons: Set<string> }>();
  for (const request of requests) {
    if (request.status !== 0 || request.retried) continue;
    const entry = byRoute.get(request.route) ?? { count: 0, reasons: new Set<string>() };
    entry.count++;
    entry.reasons.add(request.error ?? 'unknown');
    byRoute.set(request.route, entry);
  }
  const problems = [...byRoute].map(
    ([route, { count, reasons }]) => `${route}: ${count} without an answer (${[...reasons].join(', ')})`,
  );
  return result('every request answered', problems);
}

/** Every learner who got to the end reads exactly 100 %, all lessons done, the course's real lesson count. */
export function progressComplete(progress: ProgressOutcome[]): InvariantResult {
  const problems: string[] = [];
  for (const seen of progress) {
    const wrong: string[] = [];
    if (seen.percent !== 100) wrong.push(`percent ${seen.percent}`);
    if (seen.completedLessons !== seen.totalLessons)
      wrong.push(`completedLessons ${seen.completedLessons} ≠ totalLessons ${seen.totalLessons}`);
    if (seen.totalLessons !== seen.expectedLessons)
      wrong.push(`totalLessons ${seen.totalLessons}, the course has ${seen.expectedLessons}`);
    if (!seen.everyLessonCompleted) wrong.push('a lesson of the outline is not completed');
    if (seen.enrolmentPercent !== 100) wrong.push(`enrolment percent ${seen.enrolmentPercent}`);
    if (!seen.enrolmentCompleted) wrong.push('enrolment has no completedAt');
    if (wrong.length > 0) problems.push(`${seen.learner}, course ${seen.courseId}: ${wrong.join('; ')}`);
  }
  return result('progress exactly 100 % at the end', problems);
}

/** Every course's cover got its small variant within the timeout, and it loads. */
export function coversReady(covers: CoverOutcome[], timeoutMs: number): InvariantResult {
  const problems: string[] = [];
  for (const cover of covers) {
    if (cover.readyMs === null || cover.readyMs > timeoutMs) {
      problems.push(
        `${cover.instructor}, course ${cover.courseId}: cover not ready within ${timeoutMs} ms${cover.detail ? ` (${cover.detail})` : ''}`,
      );
    } else if (!cover.loaded) {
      problems.push(
        `${cover.instructor}, course ${cover.courseId}: ready but does not load (${cover.detail ?? 'unknown'})`,
      );
    }
  }
  return result('every cover ready in time', problems);
}

/** No dead-letter queue grew during the run, and each could be read before and after. */
export function nothingDeadLettered(deadLetters: RunFacts['deadLetters']): InvariantResult {
  if (!deadLetters) return { name: 'no message dead-lettered (not checked)', ok: true, problems: [] };
  const problems: string[] = [];
  for (const queue of Object.keys(deadLetters.after)) {
    const before = deadLetters.before[queue];
    const after = deadLetters.after[queue];
    if (typeof before !== 'number' || typeof after !== 'number') {
      problems.push(`${queue}: cannot be read (${typeof after === 'number' ? before : after})`);
    } else if (after > before) {
      problems.push(`${queue}: ${after - before} message(s) dead-lettered during the run (${before} → ${after})`);
    }
  }
  return result('no message dead-lettered', problems);
}

/** `2 of 3 learners got there` when a check saw fewer subjects than planned (the rest failed earlier). */
function partly(invariant: InvariantResult, seen: number, planned: number, what: string): InvariantResult {
  return seen < planned ? { ...invariant, note: `${seen} of ${planned} ${what} got there` } : invariant;
}

export function checkInvariants(facts: RunFacts): InvariantResult[] {
  return [
    journeysFinished(facts),
    partly(progressComplete(facts.progress), facts.progress.length, facts.planned.learner, 'learners'),
    partly(coversReady(facts.covers, facts.coverTimeoutMs), facts.covers.length, facts.planned.instructor, 'covers'),
    nothingDeadLettered(facts.deadLetters),
    noServerErrors(facts.requests),
    everyRequestAnswered(facts.requests),
  ];
}
