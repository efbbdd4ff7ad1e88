// One load run: DLQ counts before; instructors publishing while learners sign up; each learner
// enrols in one of the run's courses (round robin) and finishes it; DLQ counts after a settle
// window; then the invariants. Bounded by `deadlineMs`: whatever still runs then is aborted.
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { type Session, signIn } from './accounts';
import type { PublishedCourse } from './course-plan';
import { countDeadLetters, type DeadLetterCounts } from './dead-letters';
import { delay, HttpRecorder, type RecorderOptions } from './http-recorder';
import { type CoverOutcome, instructorJourney } from './instructor-journey';
import { checkInvariants, progressComplete } from './invariants';
import { JourneyLog } from './journey-log';
import { learnerJourney, type ProgressOutcome } from './learner-journey';
import type { LoadOptions } from './load-options';
import { MailInbox } from './mail-inbox';
import { type LoadSummary, summarise } from './report';

/** Runs `tasks` with at most `limit` in flight. */
async function inPool(limit: number, tasks: Array<() => Promise<unknown>>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // learners await it; nobody may be left to
  return { promise, resolve, reject };
}

/** What a chaos run adds to a load run: client retries and a look at every request. */
export type LoadClient = Pick<RecorderOptions, 'networkRetries' | 'onRecord'>;

export async function runLoad(
  options: LoadOptions,
  progressLine: (line: string) => void = () => undefined,
  client: LoadClient = {},
): Promise<LoadSummary> {
  const runTag = `l${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const startedAt = new Date();
  const started = performance.now();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.deadlineMs);
  const signal = deadline.signal;
  setMaxListeners(0, signal); // every request and wait in flight listens to the deadline
  const http = new HttpRecorder({
    baseUrl: options.baseUrl,
    requestTimeoutMs: options.requestTimeoutMs,
    signal,
    ...client,
  });
  const log = new JourneyLog();
  const inbox = new MailInbox(options.mailApi, signal);
  const covers: CoverOutcome[] = [];
  const progress: ProgressOutcome[] = [];
  // Passwords of the run's own accounts: random per run, never written anywhere.
  const password = randomBytes(18).toString('base64url');
  const common = { http, log, inbox, mailTimeoutMs: options.mailTimeoutMs, runTag, password };

  const before = options.amqpUrl ? await countDeadLetters(options.amqpUrl, options.deadLetterQueues) : undefined;
  progressLine(
    `run ${runTag}: ${options.instructors} instructor(s), ${options.learners} learner(s), ${options.concurrency} at once`,
  );

  let admin: Promise<Session> | undefined;
  const adminSession = (): Promise<Session> =>
    (admin ??= signIn(
      common,
      { kind: 'instructor', name: 'admin' },
      options.adminEmail,
      options.adminPassword,
      'admin-login',
    ));
  const courses = Array.from({ length: options.instructors }, () => deferred<PublishedCourse>());
  const instructorDeps = {
    ...common,
    coverTimeoutMs: options.coverTimeoutMs,
    propagationTimeoutMs: options.propagationTimeoutMs,
    signal,
    existingAccount: options.instructorEmail
      ? { email: options.instructorEmail, password: options.instructorPassword }
      : undefined,
    admin: adminSession,
    covers,
  };
  const instructors = courses.map(async (course, index) => {
    await log.journey({ kind: 'instructor', name: `instructor ${index + 1}` }, () =>
      instructorJourney(instructorDeps, index, course.resolve),
    );
    course.reject(new Error(`the course of instructor ${index + 1} was never published (see that journey)`));
  });
  let finishedLearners = 0;
  const learners = inPool(
    options.concurrency,
    Array.from({ length: options.learners }, (_, index) => async () => {
      await log.journey({ kind: 'learner', name: `learner ${index + 1}` }, () =>
        learnerJourney({ ...common, progress }, index, courses[index % courses.length].promise),
      );
      finishedLearners++;
      if (finishedLearners % Math.max(1, Math.ceil(options.learners / 10)) === 0) {
        progressLine(`  ${finishedLearners}/${options.learners} learners finished, ${log.failures.length} failure(s)`);
      }
    }),
  );
  await Promise.all([...instructors, learners]);
  const journeysMs = performance.now() - started;

  let after: DeadLetterCounts | undefined;
  if (options.amqpUrl && before) {
    progressLine(
      `journeys done in ${(journeysMs / 1000).toFixed(1)} s; watching the dead-letter queues for ${options.settleMs} ms`,
    );
    const settleUntil = Date.now() + options.settleMs;
    do {
      after = await countDeadLetters(options.amqpUrl, options.deadLetterQueues);
      const grew = Object.keys(after).some((queue) => Number(after![queue]) > Number(before[queue]));
      if (grew || Date.now() >= settleUntil) break;
      await delay(1000);
    } while (Date.now() < settleUntil);
  }
  clearTimeout(timer);

  const planned = { learner: options.learners, instructor: options.instructors };
  const invariants = checkInvariants({
    planned,
    done: log.done,
    failures: log.failures,
    requests: http.records,
    covers,
    coverTimeoutMs: options.coverTimeoutMs,
    progress,
    deadLetters: before && after ? { before, after } : undefined,
  });
  return summarise({
    runTag,
    baseUrl: options.baseUrl,
    startedAt,
    durationMs: journeysMs,
    planned,
    done: log.done,
    steps: log.steps,
    requests: http.records,
    throttledWaitMs: http.throttledWaitMs,
    invariants,
    learnersAtFull: progress.filter((outcome) => progressComplete([outcome]).ok).length,
  });
}
