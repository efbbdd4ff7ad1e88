import type { RequestRecord } from './http-recorder';
import type { CoverOutcome } from './instructor-journey';
import {
  checkInvariants,
  coversReady,
  everyRequestAnswered,
  journeysFinished,
  noServerErrors,
  nothingDeadLettered,
  progressComplete,
  type RunFacts,
} from './invariants';
import type { ProgressOutcome } from './learner-journey';

const finished: ProgressOutcome = {
  learner: 'learner 1',
  courseId: 'c1',
  expectedLessons: 4,
  percent: 100,
  completedLessons: 4,
  totalLessons: 4,
  everyLessonCompleted: true,
  enrolmentPercent: 100,
  enrolmentCompleted: true,
};
const readyCover: CoverOutcome = { courseId: 'c1', instructor: 'instructor 1', readyMs: 1200, loaded: true };
const ok = (route: string, status = 200): RequestRecord => ({ route, status, ms: 5 });

const healthyRun: RunFacts = {
  planned: { learner: 1, instructor: 1 },
  done: { learner: 1, instructor: 1 },
  failures: [],
  requests: [ok('POST /api/identity/register', 201), ok('GET /api/progress/courses/:id', 404)],
  covers: [readyCover],
  coverTimeoutMs: 60_000,
  progress: [finished],
  deadLetters: { before: { 'progress.dlq': 2 }, after: { 'progress.dlq': 2 } },
};

describe('load invariants', () => {
  it('hold for a run where everything went right (4xx on the way are not errors)', () => {
    expect(checkInvariants(healthyRun).filter((invariant) => !invariant.ok)).toEqual([]);
  });

  it('say when a check saw fewer learners or covers than planned', () => {
    const invariants = checkInvariants({ ...healthyRun, planned: { learner: 3, instructor: 1 } });
    expect(invariants.find((invariant) => invariant.name.startsWith('progress'))?.note).toBe(
      '1 of 3 learners got there',
    );
    expect(invariants.find((invariant) => invariant.name.startsWith('every cover'))?.note).toBeUndefined();
  });

  it('report a final progress of 99 % as broken', () => {
    const result = progressComplete([{ ...finished, percent: 99, completedLessons: 3 }]);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(['learner 1, course c1: percent 99; completedLessons 3 ≠ totalLessons 4']);
  });

  it('report 100 % over fewer lessons than the course was published with', () => {
    const result = progressComplete([{ ...finished, completedLessons: 3, totalLessons: 3 }]);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toContain('totalLessons 3, the course has 4');
  });

  it('report an enrolment that does not say the course is completed', () => {
    const result = progressComplete([{ ...finished, enrolmentCompleted: false }]);
    expect(result.problems).toEqual(['learner 1, course c1: enrolment has no completedAt']);
  });

  it('report every 5xx, counted by route and status', () => {
    const result = noServerErrors([
      ok('GET /api/catalog/courses/:id'),
      ok('POST /api/progress/lessons/:id/complete', 500),
      ok('POST /api/progress/lessons/:id/complete', 500),
      ok('POST /api/progress/lessons/:id/complete', 503),
      ok('PUT storage', 502),
    ]);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(['POST /api/progress/lessons/:id/complete: 2× 500, 1× 503', 'PUT storage: 1× 502']);
    expect(checkInvariants({ ...healthyRun, requests: [ok('POST /api/identity/login', 500)] }).some((i) => !i.ok)).toBe(
      true,
    );
  });

  it('report requests that got no answer', () => {
    const result = everyRequestAnswered([{ route: 'GET /api/media/:id', status: 0, ms: 30_000, error: 'timed out' }]);
    expect(result.problems).toEqual(['GET /api/media/:id: 1 without an answer (timed out)']);
  });

  it('report a cover that was late, never ready, or does not load', () => {
    const result = coversReady(
      [
        readyCover,
        { ...readyCover, courseId: 'late', readyMs: 61_000 },
        { ...readyCover, courseId: 'never', readyMs: null, loaded: false, detail: 'still processing' },
        { ...readyCover, courseId: 'broken', loaded: false, detail: 'storage → 404' },
      ],
      60_000,
    );
    expect(result.problems).toEqual([
      'instructor 1, course late: cover not ready within 60000 ms',
      'instructor 1, course never: cover not ready within 60000 ms (still processing)',
      'instructor 1, course broken: ready but does not load (storage → 404)',
    ]);
  });

  it('report a dead-letter queue that grew, or could not be read', () => {
    const result = nothingDeadLettered({
      before: { 'catalog.dlq': 0, 'media-worker.dlq': 3, 'progress.dlq': 'no such queue' },
      after: { 'catalog.dlq': 1, 'media-worker.dlq': 3, 'progress.dlq': 'no such queue' },
    });
    expect(result.problems).toEqual([
      'catalog.dlq: 1 message(s) dead-lettered during the run (0 → 1)',
      'progress.dlq: cannot be read (no such queue)',
    ]);
    expect(nothingDeadLettered(undefined)).toMatchObject({ ok: true, name: expect.stringContaining('not checked') });
  });

  it('report unfinished journeys with where and why they stopped', () => {
    const result = journeysFinished({
      planned: { learner: 3, instructor: 1 },
      done: { learner: 2, instructor: 1 },
      failures: [{ journey: 'learner 2', step: 'learner.enrol', message: 'enrol → 404 not published' }],
    });
    expect(result.problems).toEqual([
      '2 of 3 learner journeys finished',
      'learner 2 at learner.enrol: enrol → 404 not published',
    ]);
  });
});
