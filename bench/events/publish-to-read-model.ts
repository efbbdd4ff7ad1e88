// catalog publish → progress read model updated: latency (p50/p99) and events/s through catalog's
// outbox, the relay's publisher confirms, RabbitMQ and progress's consumer (inbox, ack), as seen
// from the public HTTP API. catalog and progress run as their own processes from their builds,
// each with a scratch database it migrates, on an exchange of the benchmark's own; an instructor
// creates courses through catalog's API and publishes them (paced, then in a burst); the time runs
// from the publish request's 200 until progress knows the course: a learner who is not enrolled
// gets 403 ("enrol first") from GET /api/progress/courses/:id instead of 404 (bounded polling).
// Baseline in the same run: raw amqplib publish-with-confirm → consume on a durable queue of the
// same message (the captured catalog.course.published envelope), paced and burst.
// See bench/README.md. Results: bench/results/events-<date>.json.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BACKEND_SERVICES, CATALOG_EVENTS, managementPortOf } from '@platform/contracts';
import {
  createTestDatabase,
  startTestTokenIssuer,
  testAmqpUrl,
  testEnvironment,
  type TestDatabase,
} from '@platform/testing';
import { type Channel, connect, type ConfirmChannel } from 'amqplib';
import { percentile, recordResult } from '../shared/results';
import {
  freePort,
  migrateService,
  removeBenchTopology,
  round,
  type ServiceProcess,
  startServiceProcess,
  waitUntilReady,
} from '../shared/service-process';
import { positiveIntSetting } from '../shared/bench-settings';

const PACED_COURSES = positiveIntSetting('BENCH_PACED_COURSES', 40);
const PACED_RATE = positiveIntSetting('BENCH_PACED_RATE', 5);
const BURST_COURSES = positiveIntSetting('BENCH_BURST_COURSES', 100);
/** Publish requests in flight at once in the burst. */
const BURST_IN_FLIGHT = positiveIntSetting('BENCH_BURST_IN_FLIGHT', 16);
const SECTIONS = 2;
const LESSONS_PER_SECTION = 5;
/** Pause between two polls of the same course, and poll requests in flight at once. */
const POLL_INTERVAL_MS = 5;
const POLL_IN_FLIGHT = 2;
/** A course progress has not learnt of by then is reported as lost. */
const KNOWN_TIMEOUT_MS = 60_000;

const began = performance.now();
const log = (line: string): void =>
  console.log(`[${((performance.now() - began) / 1000).toFixed(1)} s] events: ${line}`);

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

interface Published {
  courseId: string;
  /** Publish request sent, and its 200 received (performance.now()). */
  sentAt: number;
  okAt: number;
  /** The tap queue saw the event routed by the broker. */
  routedAt?: number;
  /** progress's first 403 (instead of 404) received: the course was known by then. */
  knownAt?: number;
  /** The last poll answered 404 was sent then: the course was not known before. */
  lastMissSentAt?: number;
  lastMissAt?: number;
  polls: number;
}

class Api {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  async call<T>(
    method: string,
    path: string,
    body?: unknown,
    expected = [200, 201],
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!expected.includes(response.status))
      throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 300)}`);
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}

/** Runs `work` over `items` with at most `limit` at once. */
async function pool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index], index);
      }
    }),
  );
}

async function createDraftCourse(catalog: Api, index: number): Promise<string> {
  const { body: course } = await catalog.call<{ id: string }>('POST', '/courses', {
    title: `Bench course ${index} ${randomUUID().slice(0, 8)}`,
    description: 'Created by bench/events to measure catalog → progress.',
  });
  for (let s = 1; s <= SECTIONS; s++) {
    const { body: section } = await catalog.call<{ id: string }>('POST', `/courses/${course.id}/sections`, {
      title: `Section ${s}`,
    });
    for (let l = 1; l <= LESSONS_PER_SECTION; l++) {
      await catalog.call('POST', `/sections/${section.id}/lessons`, {
        type: 'text',
        title: `Lesson ${s}.${l}`,
        content: 'A short text lesson.',
      });
    }
  }
  return course.id;
}

/**
 * Polls progress for each published course until it answers 403 to a learner who is not enrolled
 * (the course is in progress's read model), `POLL_IN_FLIGHT` requests at a time.
 */
class KnownWatcher {
  private readonly pending = new Map<string, Published>();
  private stopped = false;
  private failure: Error | undefined;
  private readonly loops: Array<Promise<void>>;

  constructor(private readonly progress: Api) {
    this.loops = Array.from({ length: POLL_IN_FLIGHT }, () => this.loop());
  }

  watch(course: Published): void {
    this.pending.set(course.courseId, course);
  }

  /** Resolves when every watched course is known; fails on a timeout or an unexpected answer. */
  async settled(courses: readonly Published[]): Promise<void> {
    const deadline = Date.now() + KNOWN_TIMEOUT_MS;
    while (courses.some((course) => course.knownAt === undefined)) {
      if (this.failure) throw this.failure;
      if (Date.now() > deadline) {
        const lost = courses.filter((course) => course.knownAt === undefined).map((course) => course.courseId);
        throw new Error(
          `progress never learnt of ${lost.length} published course(s) within ${KNOWN_TIMEOUT_MS} ms: ${lost.slice(0, 5).join(', ')}`,
        );
      }
      await sleep(5);
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      // The course polled longest ago first (insertion order, re-queued after each poll).
      const [course] = this.pending.values();
      if (!course || (course.lastMissAt !== undefined && performance.now() - course.lastMissAt < POLL_INTERVAL_MS)) {
        await sleep(1);
        continue;
      }
      this.pending.delete(course.courseId);
      try {
        const sentAt = performance.now();
        const { status } = await this.progress.call('GET', `/courses/${course.courseId}`, undefined, [403, 404]);
        course.polls++;
        if (status === 403) course.knownAt = performance.now();
        else {
          course.lastMissSentAt = sentAt;
          course.lastMissAt = performance.now();
          this.pending.set(course.courseId, course);
        }
      } catch (error) {
        this.failure = error instanceof Error ? error : new Error(String(error));
      }
    }
  }
}

interface RunFigures {
  courses: number;
  eventsPerSecond: number;
  /** publish 200 → progress's first 403 received (an upper bound of the time to the read model). */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** publish 200 → the last poll that got 404 was sent (0 if the first poll hit): a lower bound. */
  p50MsLowerBound: number;
  p99MsLowerBound: number;
  /** Publish requests answered per second (first sent → last 200): catalog's HTTP side alone. */
  publishRequestsPerSecond: number;
  /** The publish request alone (sent → 200), catalog's share. */
  publishRequestP50Ms: number;
  publishRequestP99Ms: number;
  /** publish 200 → the event routed by the broker (tap queue): the outbox relay's share. */
  routedP50Ms: number;
  routedP99Ms: number;
  pollsPerCourse: number;
}

function runFigures(courses: Published[]): RunFigures {
  const first = Math.min(...courses.map((course) => course.sentAt));
  const last = Math.max(...courses.map((course) => course.knownAt!));
  const latencies = courses.map((course) => course.knownAt! - course.okAt);
  const lowerBounds = courses.map((course) => Math.max(0, (course.lastMissSentAt ?? course.okAt) - course.okAt));
  return {
    courses: courses.length,
    eventsPerSecond: round(courses.length / ((last - first) / 1000), 1),
    p50Ms: round(percentile(latencies, 50), 1),
    p99Ms: round(percentile(latencies, 99), 1),
    maxMs: round(Math.max(...latencies), 1),
    p50MsLowerBound: round(percentile(lowerBounds, 50), 1),
    p99MsLowerBound: round(percentile(lowerBounds, 99), 1),
    publishRequestsPerSecond: round(
      courses.length / ((Math.max(...courses.map((course) => course.okAt)) - first) / 1000),
      1,
    ),
    publishRequestP50Ms: round(
      percentile(
        courses.map((course) => course.okAt - course.sentAt),
        50,
      ),
      1,
    ),
    publishRequestP99Ms: round(
      percentile(
        courses.map((course) => course.okAt - course.sentAt),
        99,
      ),
      1,
    ),
    routedP50Ms: round(
      percentile(
        courses.map((course) => (course.routedAt ?? Number.NaN) - course.okAt),
        50,
      ),
      1,
    ),
    routedP99Ms: round(
      percentile(
        courses.map((course) => (course.routedAt ?? Number.NaN) - course.okAt),
        99,
      ),
      1,
    ),
    pollsPerCourse: round(courses.reduce((sum, course) => sum + course.polls, 0) / courses.length, 1),
  };
}

// ── baseline: raw amqplib publish-with-confirm → consume on a durable queue ──────────────────────

interface BaselineFigures {
  messages: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

async function rawBroker(message: Buffer): Promise<{ paced: BaselineFigures; burst: BaselineFigures }> {
  const id = randomUUID().slice(0, 8);
  const exchange = `bench.baseline.${id}`;
  const queue = `bench.baseline.${id}`;
  const connection = await connect(testAmqpUrl());
  const publisher: ConfirmChannel = await connection.createConfirmChannel();
  const consumer: Channel = await connection.createChannel();
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let onArrival: () => void = () => undefined;
  try {
    await consumer.assertExchange(exchange, 'topic', { durable: true });
    await consumer.assertQueue(queue, { durable: true });
    await consumer.bindQueue(queue, exchange, CATALOG_EVENTS.coursePublished);
    await consumer.prefetch(20); // the lib's default consumer prefetch
    await consumer.consume(queue, (delivered) => {
      if (!delivered) return;
      latencies.push(performance.now() - sentAt.get(delivered.properties.messageId as string)!);
      consumer.ack(delivered);
      onArrival();
    });
    const run = async (count: number, rate: number | undefined): Promise<BaselineFigures> => {
      latencies.length = 0;
      const all = new Promise<void>((done) => (onArrival = () => latencies.length === count && done()));
      const started = performance.now();
      const confirms: Array<Promise<void>> = [];
      for (let i = 0; i < count; i++) {
        if (rate) {
          const due = started + (i * 1000) / rate;
          if (due > performance.now()) await sleep(due - performance.now());
        }
        const messageId = randomUUID();
        sentAt.set(messageId, performance.now());
        // Persistent, confirmed one by one as the relay does.
        confirms.push(
          new Promise<void>((done, fail) =>
            publisher.publish(
              exchange,
              CATALOG_EVENTS.coursePublished,
              message,
              { persistent: true, contentType: 'application/json', messageId },
              (error) => (error ? fail(error) : done()),
            ),
          ),
        );
      }
      await Promise.all(confirms);
      await all;
      return {
        messages: count,
        eventsPerSecond: round(count / ((performance.now() - started) / 1000), 1),
        p50Ms: round(percentile(latencies, 50), 1),
        p99Ms: round(percentile(latencies, 99), 1),
      };
    };
    const paced = await run(PACED_COURSES, PACED_RATE);
    const burst = await run(BURST_COURSES, undefined);
    return { paced, burst };
  } finally {
    await consumer.deleteQueue(queue).catch(() => undefined);
    await consumer.deleteExchange(exchange).catch(() => undefined);
    await connection.close();
  }
}

// ── the run ──────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0];
  const scratch = mkdtempSync(join(tmpdir(), 'events-bench-'));
  const issuer = await startTestTokenIssuer();
  const exchange = `bench.events.${randomUUID()}`;
  const databases: TestDatabase[] = [];
  const processes: ServiceProcess[] = [];
  const broker = await connect(testAmqpUrl());
  let succeeded = false;
  let watcher: KnownWatcher | undefined;
  try {
    const start = async (service: 'catalog' | 'progress'): Promise<string> => {
      const database = await createTestDatabase(`bench_events_${service}`);
      databases.push(database);
      const port = await freePort();
      const env: NodeJS.ProcessEnv = {
        ...testEnvironment({
          DATABASE_NAME: database.name,
          EVENTS_EXCHANGE: exchange,
          LOG_LEVEL: 'warn',
          OPENAPI_ENABLED: 'false',
          PORT: String(port),
          ...issuer.env,
        }),
        NODE_ENV: 'production',
        PATH: process.env.PATH,
      };
      await migrateService(service, env, scratch);
      const running = startServiceProcess(service, { env, logDir: scratch });
      processes.push(running);
      const base = `http://127.0.0.1:${port}${BACKEND_SERVICES[service].routePrefix}`;
      await waitUntilReady(
        `http://127.0.0.1:${managementPortOf(port)}${BACKEND_SERVICES[service].routePrefix}/health/ready`,
        running,
      );
      return base;
    };
    const [catalogBase, progressBase] = await Promise.all([start('catalog'), start('progress')]);

    // The event as the broker routed it: when, and its bytes (the baseline sends the same bytes).
    const routed = new Map<string, number>();
    let envelope: Buffer | undefined;
    const tap = await broker.createChannel();
    const { queue: tapQueue } = await tap.assertQueue('', { exclusive: true });
    await tap.bindQueue(tapQueue, exchange, CATALOG_EVENTS.coursePublished);
    await tap.consume(
      tapQueue,
      (message) => {
        if (!message) return;
        envelope ??= message.content;
        const { payload } = JSON.parse(message.content.toString()) as { payload: { courseId: string } };
        routed.set(payload.courseId, performance.now());
      },
      { noAck: true },
    );

    const sign = (role: 'instructor' | 'learner'): Promise<string> =>
      issuer.sign(
        { id: randomUUID(), email: `${randomUUID()}@example.test`, displayName: `Bench ${role}`, roles: [role] },
        { expiresIn: '15m' }, // the longest lifetime verifiers accept (ACCESS_TOKEN_MAX_TTL_SECONDS)
      );
    const catalog = new Api(catalogBase, await sign('instructor'));
    const learnerToken = await sign('learner');
    const progress = new Api(progressBase, learnerToken);
    watcher = new KnownWatcher(progress);

    const WARM_UP = 3;
    const total = WARM_UP + PACED_COURSES + BURST_COURSES;
    log(
      `creating ${total} draft courses (${SECTIONS} sections × ${LESSONS_PER_SECTION} lessons) through catalog's API…`,
    );
    const drafts: string[] = new Array<string>(total);
    await pool(drafts, 4, async (_, index) => {
      drafts[index] = await createDraftCourse(catalog, index);
    });

    const publish = async (courseId: string): Promise<Published> => {
      const sentAt = performance.now();
      await catalog.call('POST', `/courses/${courseId}/publish`, undefined, [200]);
      const course: Published = { courseId, sentAt, okAt: performance.now(), polls: 0 };
      watcher!.watch(course);
      return course;
    };
    const withRouting = (courses: Published[]): Published[] =>
      courses.map((course) => ({ ...course, routedAt: routed.get(course.courseId) }));

    // Warm-up: JIT, pools, prepared statements, the JWKS cache of both services.
    for (const courseId of drafts.slice(0, WARM_UP)) await watcher.settled([await publish(courseId)]);

    log(`paced, ${PACED_COURSES} courses at ${PACED_RATE}/s…`);
    const pacedLoad = loadavg()[0];
    const pacedStarted = performance.now();
    const paced = await Promise.all(
      drafts.slice(WARM_UP, WARM_UP + PACED_COURSES).map(async (courseId, index) => {
        await sleep(Math.max(0, pacedStarted + (index * 1000) / PACED_RATE - performance.now()));
        return publish(courseId);
      }),
    );
    await watcher.settled(paced);

    log(`burst, ${BURST_COURSES} courses, ${BURST_IN_FLIGHT} publish requests in flight…`);
    const burstLoad = loadavg()[0];
    const burst: Published[] = [];
    await pool(drafts.slice(WARM_UP + PACED_COURSES), BURST_IN_FLIGHT, async (courseId) => {
      burst.push(await publish(courseId));
    });
    await watcher.settled(burst);
    await sleep(200); // the tap's last deliveries

    // What a learner sees afterwards: the whole outline, in one course of each run.
    for (const course of [paced[0], burst[burst.length - 1]]) {
      await progress.call('POST', '/enrollments', { courseId: course.courseId }, [201]);
      const { body } = await progress.call<{ totalLessons: number }>('GET', `/courses/${course.courseId}`);
      if (body.totalLessons !== SECTIONS * LESSONS_PER_SECTION)
        throw new Error(
          `progress shows ${body.totalLessons} lessons of course ${course.courseId}, not ${SECTIONS * LESSONS_PER_SECTION}`,
        );
    }
    await watcher.close();
    watcher = undefined;

    log('baseline, raw amqplib publish-with-confirm → consume…');
    const baselineLoad = loadavg()[0];
    const baseline = await rawBroker(envelope!);

    const pacedFigures = runFigures(withRouting(paced));
    const burstFigures = runFigures(withRouting(burst));
    recordResult('events', {
      subject:
        'catalog POST /courses/:id/publish 200 → outbox → relay (confirms) → RabbitMQ → progress consumer (inbox, ack) → GET /api/progress/courses/:id answers 403 (known) instead of 404',
      course: { sections: SECTIONS, lessons: SECTIONS * LESSONS_PER_SECTION, eventBytes: envelope!.length },
      poll: { intervalMs: POLL_INTERVAL_MS, inFlight: POLL_IN_FLIGHT },
      paced: { ratePerSecond: PACED_RATE, ...pacedFigures },
      burst: { publishInFlight: BURST_IN_FLIGHT, ...burstFigures },
      baselineRawAmqplib: {
        note: 'the same envelope bytes, persistent, publish-with-confirm → durable queue → consume (prefetch 20, ack)',
        paced: { ratePerSecond: PACED_RATE, ...baseline.paced },
        burst: baseline.burst,
      },
      // How many times the raw broker round trip a paced event takes to reach progress's read model
      // (the public API's view of it), and the burst throughput as a share of the raw broker's.
      latencyRatioP50: round(pacedFigures.p50Ms / baseline.paced.p50Ms, 1),
      throughputRatio: round(burstFigures.eventsPerSecond / baseline.burst.eventsPerSecond, 3),
      // The second baseline: catalog's publish requests alone (sent → 200) in the same burst. Near 1
      // means progress keeps up with what catalog can publish, and the HTTP side is the limit.
      throughputRatioToPublishRequests: round(burstFigures.eventsPerSecond / burstFigures.publishRequestsPerSecond, 3),
      lostEvents: 0,
      loadAverage1m: {
        atStart: round(loadAtStart),
        paced: round(pacedLoad),
        burst: round(burstLoad),
        baseline: round(baselineLoad),
        atEnd: round(loadavg()[0]),
      },
    });
    succeeded = true;
  } finally {
    await watcher?.close();
    for (const running of processes) await running.stop();
    await broker.close().catch(() => undefined);
    await removeBenchTopology(exchange, [BACKEND_SERVICES.catalog.name, BACKEND_SERVICES.progress.name]);
    await issuer.close();
    for (const database of databases) await database.drop();
    if (succeeded) rmSync(scratch, { recursive: true, force: true });
    else console.error(`logs of the services kept in ${scratch}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
