// The hot read path GET /api/progress/courses/:id at c=100 (autocannon), as a throughput ratio
// against node:http + pg running progress's own statement and answering the same bytes (its own
// process, like progress), in the same run; a bare node:http server answering the bytes from
// memory is measured too, for what reading PostgreSQL costs at all.
// progress runs as its own process from its build (as `npm start` runs it), against a scratch
// database it migrates itself; the course reaches it the way it does in production: as a
// catalog.course.published event on a bench-only exchange. 10 sections × 10 lessons, half of them
// completed through the public API. BENCH_PROFILE=1 also writes a CPU profile of the service
// (node --cpu-prof) and prints where its time went. The same read is also measured through the dev
// ingress (scripts/platform/dev-ingress.mjs, what `npm start` puts on :8080), as its own process in
// front of progress, and that ingress in front of the bare server (its own ceiling). See
// bench/progress/README.md.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type autocannon from 'autocannon';
import { connect } from 'amqplib';
import {
  CATALOG_EVENTS,
  type CourseOutlineSnapshot,
  type EventEnvelope,
  managementPortOf,
  SERVICE_ENTRY_POINTS,
  SERVICE_PROCESS_ENV,
} from '@platform/contracts';
import { messagingTopology } from '@platform/messaging';
import { createTestDatabase, startTestTokenIssuer, testAmqpUrl, testServerUrl } from '@platform/testing';
import { combined, CONNECTIONS, figures, load, waitForOk as waitReady } from '../shared/http-load';
import { recordResult } from '../shared/results';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
/**
 * The measured time is split into rounds that alternate bare and progress, so that a change in
 * the machine's background load during the run weighs on both alike.
 */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const SPLIT_SECONDS = 3;
/**
 * Load before the measured rounds, on progress and on the reference alike: with 5 s the first
 * round of progress still ran at half the throughput of the next ones (JIT tiering on busy cores).
 */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 10);
const SECTIONS = 10;
const LESSONS_PER_SECTION = 10;
const PORT = Number(process.env.BENCH_PROGRESS_PORT ?? 3903);
const BARE_PORT = PORT + 1;
const INGRESS_PORT = PORT + 2;
const STATEMENT_PORT = PORT + 3;
const FASTIFY_PORT = PORT + 4;
const PROFILE = process.env.BENCH_PROFILE === '1';
/** The same read through the dev ingress too (BENCH_INGRESS=1): no target of its own. */
const WITH_INGRESS = process.env.BENCH_INGRESS === '1';
/**
 * The reference's statement behind a bare Fastify route too (BENCH_FASTIFY=1): what the framework
 * alone costs, apart from what progress runs per request on top of it. No target of its own.
 */
const WITH_FASTIFY = process.env.BENCH_FASTIFY === '1';
const TARGET_RATIO = 0.8;
const root = join(__dirname, '..', '..', '..');
const base = `http://127.0.0.1:${PORT}/api/progress`;
/** Health and metrics: the management port (MANAGEMENT_PORT defaults to PORT + the contracts' offset). */
const managementBase = `http://127.0.0.1:${managementPortOf(PORT)}/api/progress`;
const ingressBase = `http://127.0.0.1:${INGRESS_PORT}/api/progress`;
/** The ingress route to the bare server: it answers any path. */
const BARE_PREFIX = '/bench-bare';

function outline(courseId: string): CourseOutlineSnapshot {
  return {
    courseId,
    revision: 1,
    title: 'Bench course',
    slug: `bench-${courseId}`,
    instructorId: randomUUID(),
    sections: Array.from({ length: SECTIONS }, (_, s) => ({
      sectionId: randomUUID(),
      title: `Section ${s + 1}`,
      position: s + 1,
      lessons: Array.from({ length: LESSONS_PER_SECTION }, (_, l) => ({
        lessonId: randomUUID(),
        type: 'text' as const,
        title: `Lesson ${s + 1}.${l + 1}`,
        position: l + 1,
      })),
    })),
  };
}

/** Removes the bench's exchange and the consumer queues progress declared on it. */
async function removeBrokerTopology(exchange: string): Promise<void> {
  const connection = await connect(testAmqpUrl());
  try {
    const channel = await connection.createChannel();
    // progress names its queue after a non-platform exchange (progressEventsQueue): `<exchange>.progress`.
    const { queues } = messagingTopology({
      service: 'progress',
      amqpUrl: testAmqpUrl(),
      exchange,
      consumer: { queue: `${exchange}.progress` },
    });
    for (const queue of queues) await channel.deleteQueue(queue);
    await channel.deleteExchange(exchange);
  } finally {
    await connection.close();
  }
}

async function publishCourse(exchange: string, course: CourseOutlineSnapshot): Promise<void> {
  const connection = await connect(testAmqpUrl());
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const envelope: EventEnvelope = {
      id: randomUUID(),
      type: CATALOG_EVENTS.coursePublished,
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: 'bench',
      source: 'catalog',
      payload: course,
    };
    channel.publish(exchange, envelope.type, Buffer.from(JSON.stringify(envelope)), { persistent: true });
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
}

async function call(method: string, path: string, token: string, body?: object): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
}

/** Enrols through the API as soon as the course has arrived through the consumer, then completes every other lesson. */
async function enrolAndCompleteHalf(course: CourseOutlineSnapshot, token: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const response = await call('POST', '/enrollments', token, { courseId: course.courseId });
    if (response.status === 201) break;
    if (response.status !== 404 || attempt > 100) throw new Error(`enrolment answered ${response.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const lessons = course.sections.flatMap((section) => section.lessons);
  for (const [index, lesson] of lessons.entries()) {
    if (index % 2 !== 0) continue;
    const response = await call('POST', `/lessons/${lesson.lessonId}/complete`, token);
    if (!response.ok) throw new Error(`completing a lesson answered ${response.status}`);
  }
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc). */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return Number.NaN;
  }
}

/** Self time per function in a V8 CPU profile, largest first. */
function summariseProfile(file: string, top = 25): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: Array<{
      id: number;
      callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    }>;
    samples: number[];
    timeDeltas: number[];
  };
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const original = bundleSourcePositions();
  const selfTime = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const frame = byNode.get(id)!.callFrame;
    const key =
      original(frame) ?? `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    const delta = profile.timeDeltas[index] ?? 0;
    selfTime.set(key, (selfTime.get(key) ?? 0) + delta);
    total += delta;
  });
  return [...selfTime.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, micros]) => `${((micros * 100) / total).toFixed(1).padStart(5)} %  ${key}`);
}

const shortUrl = (url: string): string =>
  url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/work\/main\//, '');

/**
 * A bundle's frames named and placed as in the code it was built from (its source map): the
 * bundle's positions are a few long lines and its local names minified.
 */
function bundleSourcePositions(): (frame: {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}) => string | undefined {
  const maps = new Map<string, SourceMap | undefined>();
  return (frame) => {
    if (!frame.url.endsWith('.bundle.js')) return undefined;
    const path = fileURLToPath(frame.url);
    if (!maps.has(path))
      maps.set(
        path,
        existsSync(`${path}.map`) ? new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))) : undefined,
      );
    const entry = maps.get(path)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (!entry || !('originalSource' in entry)) return undefined;
    const source = relative(root, resolve(dirname(path), entry.originalSource)).replace(/^.*node_modules\//, '');
    // The name the map gives the function (Node returns it; its types do not say so yet).
    const name = (entry as { name?: string }).name;
    return `${name ?? (frame.functionName || '(anonymous)')} ${source}:${entry.originalLine + 1}`;
  };
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** For comparison: node:http answering the same bytes with the same content type, nothing else. */
const BARE_SERVER = `
const body = Buffer.from(process.env.BARE_BODY);
require('node:http')
  .createServer((request, response) => response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body))
  .listen(Number(process.env.BARE_PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));`;

/** What both servers running progress's state statement share: its pool, statement and answer. */
const STATEMENT_AND_ANSWER = `
const { Pool } = require(process.env.PG_MODULE);
const { STATE_SQL } = require(process.env.STATEMENTS);
const pool = new Pool({ connectionString: process.env.STATEMENT_DATABASE_URL, max: Number(process.env.POOL_MAX) });
const body = Buffer.from(process.env.BARE_BODY);
const values = [process.env.LEARNER_ID, process.env.COURSE_ID];
const statement = { name: 'progress_course_state', text: STATE_SQL, values };
`;

/**
 * The baseline: node:http and pg (the pool size progress has), running progress's own state
 * statement (prepared, the same parameters) per request before answering the same bytes. No
 * framework, no token check, no logging: the ratio is what progress costs beyond its statement.
 */
const STATEMENT_SERVER = `${STATEMENT_AND_ANSWER}require('node:http')
  .createServer((request, response) =>
    pool.query(statement).then(
      ({ rows }) =>
        rows[0] && rows[0].enrolled
          ? response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body)
          : response.writeHead(404).end(),
      () => response.writeHead(503).end(),
    ),
  )
  .listen(Number(process.env.BARE_PORT), '127.0.0.1');
process.on('SIGTERM', () => pool.end().then(() => process.exit(0)));`;

/** The baseline's statement and answer behind one Fastify route (the version progress runs), no hooks. */
const FASTIFY_STATEMENT_SERVER = `${STATEMENT_AND_ANSWER}const app = require(process.env.FASTIFY_MODULE)({ logger: false });
app.get('/', async (request, reply) => {
  const { rows } = await pool.query(statement);
  if (!(rows[0] && rows[0].enrolled)) return reply.code(404).send();
  return reply.type('application/json; charset=utf-8').send(body);
});
app.listen({ port: Number(process.env.BARE_PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => pool.end().then(() => process.exit(0)));`;

/**
 * The dev ingress as `npm start` builds it (scripts/platform/dev-ingress.mjs), with the route of
 * progress from libs/contracts pointed at the bench's progress, and one more route to the bare server.
 */
const INGRESS = `
const { pathToFileURL } = require('node:url');
const { BACKEND_SERVICES, managementPortOf } = require(process.env.CONTRACTS);
import(pathToFileURL(process.env.DEV_INGRESS).href).then(({ startDevIngress }) =>
  startDevIngress({
    routes: [
      { pathPrefix: BACKEND_SERVICES.progress.routePrefix, service: 'progress', port: Number(process.env.PROGRESS_PORT) },
      { pathPrefix: process.env.BARE_PREFIX, service: 'bare', port: Number(process.env.BARE_PORT) },
    ],
    port: Number(process.env.INGRESS_PORT),
    host: '127.0.0.1',
    portOf: (route) => route.port,
    managementPortOf: (route) => managementPortOf(route.port),
  }),
).catch((error) => { console.error(error); process.exit(1); });
process.on('SIGTERM', () => process.exit(0));`;

async function main(): Promise<void> {
  const database = await createTestDatabase('bench_progress');
  const issuer = await startTestTokenIssuer();
  const exchange = `bench.events.${randomUUID()}`;
  const env = {
    ...process.env,
    // V8 and malloc settings as the images run progress (since 2026-12-04, issue 22 point 3);
    // BENCH_SERVICE_NODE_OPTIONS instead of its NODE_OPTIONS, to compare V8 settings.
    ...SERVICE_PROCESS_ENV,
    ...(process.env.BENCH_SERVICE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVICE_NODE_OPTIONS } : {}),
    ...issuer.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'error', // no request log lines (2xx are logged at info, 4xx at warn)
    DATABASE_URL: testServerUrl(),
    DATABASE_NAME: database.name,
    AMQP_URL: testAmqpUrl(),
    EVENTS_EXCHANGE: exchange,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    OPENAPI_ENABLED: 'false',
  };
  const cwd = join(root, 'services', 'progress');
  const profileDir = join(tmpdir(), `progress-hot-read-${Date.now()}`);
  let service: ChildProcess | undefined;
  let bare: ChildProcess | undefined;
  let ingress: ChildProcess | undefined;
  let statementServer: ChildProcess | undefined;
  let fastifyServer: ChildProcess | undefined;
  try {
    const migrated = spawnSync(process.execPath, [SERVICE_ENTRY_POINTS.migrate], { cwd, env, stdio: 'inherit' });
    if (migrated.status !== 0) throw new Error('migration failed');
    const args = PROFILE
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${profileDir}`,
          '-e',
          `process.once('SIGUSR2', () => process.exit(0)); require('./${SERVICE_ENTRY_POINTS.server}');`,
        ]
      : [SERVICE_ENTRY_POINTS.server];
    service = spawn(process.execPath, args, { cwd, env, stdio: 'inherit' });
    await waitReady(`${managementBase}/health/ready`);

    const learner = await issuer.user('learner');
    const course = outline(randomUUID());
    await publishCourse(exchange, course);
    await enrolAndCompleteHalf(course, learner.token);

    const url = `${base}/courses/${course.courseId}`;
    const headers = { authorization: `Bearer ${learner.token}` };
    const sample = await fetch(url, { headers });
    const body = await sample.text();
    const parsed = JSON.parse(body) as { percent: number; totalLessons: number };
    if (sample.status !== 200 || parsed.percent !== 50 || parsed.totalLessons !== SECTIONS * LESSONS_PER_SECTION)
      throw new Error(`unexpected answer ${sample.status}: ${body.slice(0, 200)}`);
    // The baseline runs as its own process too, like progress: neither shares autocannon's thread.
    bare = spawn(process.execPath, ['-e', BARE_SERVER], {
      env: { ...process.env, BARE_PORT: String(BARE_PORT), BARE_BODY: body },
      stdio: 'inherit',
    });
    await waitReady(`http://127.0.0.1:${BARE_PORT}/`);
    const statementDatabaseUrl = new URL(testServerUrl());
    statementDatabaseUrl.pathname = `/${database.name}`;
    const statementEnv = (port: number) => ({
      ...process.env,
      BARE_PORT: String(port),
      BARE_BODY: body,
      PG_MODULE: require.resolve('pg', { paths: [cwd] }),
      STATEMENTS: join(cwd, 'dist', 'course-progress', 'course-progress.statements.js'),
      STATEMENT_DATABASE_URL: statementDatabaseUrl.href,
      POOL_MAX: '10', // progress's DATABASE_POOL_MAX default, which the bench leaves as it is
      LEARNER_ID: learner.id,
      COURSE_ID: course.courseId,
    });
    statementServer = spawn(process.execPath, ['-e', STATEMENT_SERVER], {
      env: statementEnv(STATEMENT_PORT),
      stdio: 'inherit',
    });
    await waitReady(`http://127.0.0.1:${STATEMENT_PORT}/`);
    if (WITH_FASTIFY) {
      fastifyServer = spawn(process.execPath, ['-e', FASTIFY_STATEMENT_SERVER], {
        env: { ...statementEnv(FASTIFY_PORT), FASTIFY_MODULE: require.resolve('fastify', { paths: [cwd] }) },
        stdio: 'inherit',
      });
      await waitReady(`http://127.0.0.1:${FASTIFY_PORT}/`);
    }
    if (WITH_INGRESS) {
      ingress = spawn(process.execPath, ['-e', INGRESS], {
        env: {
          ...process.env,
          NODE_ENV: 'production',
          CONTRACTS: join(root, 'libs', 'contracts', 'dist', 'index.js'),
          DEV_INGRESS: join(root, 'scripts', 'platform', 'dev-ingress.mjs'),
          PROGRESS_PORT: String(PORT),
          BARE_PORT: String(BARE_PORT),
          BARE_PREFIX,
          INGRESS_PORT: String(INGRESS_PORT),
        },
        stdio: 'inherit',
      });
      await waitReady(`${ingressBase}/health/ready`);
      const viaIngress = await fetch(`${ingressBase}/courses/${course.courseId}`, { headers });
      if (viaIngress.status !== 200 || (await viaIngress.text()) !== body)
        throw new Error(`the ingress answered ${viaIngress.status}, not the same answer`);
    }

    const loadBefore = loadavg().map((value) => Number(value.toFixed(2)));
    const statementUrl = `http://127.0.0.1:${STATEMENT_PORT}/`;
    const fastifyUrl = `http://127.0.0.1:${FASTIFY_PORT}/`;
    const ingressUrl = `${ingressBase}/courses/${course.courseId}`;
    const ingressBareUrl = `http://127.0.0.1:${INGRESS_PORT}${BARE_PREFIX}/`;
    // warm-up: JIT, pool, JWKS and token caches, prepared statements, the ingress's upstream sockets
    await load(url, headers, WARMUP_SECONDS);
    await load(statementUrl, {}, WARMUP_SECONDS);
    if (fastifyServer) await load(fastifyUrl, {}, WARMUP_SECONDS);
    if (WITH_INGRESS) {
      await load(ingressUrl, headers, Math.min(DURATION, 3));
      await load(ingressBareUrl, {}, Math.min(DURATION, 2));
    }
    const bareRuns: autocannon.Result[] = [];
    const statementRuns: autocannon.Result[] = [];
    const progressRuns: autocannon.Result[] = [];
    const fastifyRuns: autocannon.Result[] = [];
    let fastifyCpuMs = 0;
    const ingressRuns: autocannon.Result[] = [];
    const ingressBareRuns: autocannon.Result[] = [];
    let serviceCpuMs = 0;
    let referenceCpuMs = 0;
    let serviceCpuMsViaIngress = 0;
    let ingressCpuMs = 0;
    let ingressCpuMsToBare = 0;
    for (let round = 0; round < ROUNDS; round++) {
      bareRuns.push(await load(`http://127.0.0.1:${BARE_PORT}/`, {}, DURATION / ROUNDS));
      const referenceCpuBefore = cpuMs(statementServer.pid);
      statementRuns.push(await load(statementUrl, {}, DURATION / ROUNDS));
      referenceCpuMs += cpuMs(statementServer.pid) - referenceCpuBefore;
      if (fastifyServer) {
        const fastifyCpuBefore = cpuMs(fastifyServer.pid);
        fastifyRuns.push(await load(fastifyUrl, {}, DURATION / ROUNDS));
        fastifyCpuMs += cpuMs(fastifyServer.pid) - fastifyCpuBefore;
      }
      let cpuBefore = cpuMs(service.pid);
      progressRuns.push(await load(url, headers, DURATION / ROUNDS));
      serviceCpuMs += cpuMs(service.pid) - cpuBefore;
      if (!ingress) continue;
      cpuBefore = cpuMs(service.pid);
      const ingressBefore = cpuMs(ingress.pid);
      ingressRuns.push(await load(ingressUrl, headers, DURATION / ROUNDS));
      serviceCpuMsViaIngress += cpuMs(service.pid) - cpuBefore;
      ingressCpuMs += cpuMs(ingress.pid) - ingressBefore;
      const ingressBareBefore = cpuMs(ingress.pid);
      ingressBareRuns.push(await load(ingressBareUrl, {}, DURATION / ROUNDS));
      ingressCpuMsToBare += cpuMs(ingress.pid) - ingressBareBefore;
    }
    // Where the service's CPU goes, from outside: the same pipeline answering a health probe
    // (no token, no database), a token-checked request refused at its first parameter (guard,
    // token verification, error answer; no database), and the hot read itself.
    const split: Record<string, number> = {};
    for (const [name, path, auth] of [
      ['healthProbe', `${managementBase}/health/live`, false],
      ['tokenCheckedBadRequest', `${base}/courses/not-a-uuid`, true],
      ['hotRead', `${base}/courses/${course.courseId}`, true],
    ] as const) {
      const cpuBefore = cpuMs(service.pid);
      const run = await load(path, auth ? headers : {}, SPLIT_SECONDS);
      split[name] = Number(((cpuMs(service.pid) - cpuBefore) / run.requests.total).toFixed(3));
    }
    // autocannon leaves its last requests in flight: one more read queues behind them for a
    // connection, so once it is answered the service has nothing left to do when it is stopped.
    await (await fetch(url, { headers })).text();
    const { requests, ...subject } = combined(progressRuns);
    const bareFigures = combined(bareRuns);
    const { requests: statementRequests, ...reference } = combined(statementRuns);
    const ratio = Number((subject.requestsPerSecond / reference.requestsPerSecond).toFixed(3));
    const progress = {
      ...subject,
      // The service's own CPU per answered request: comparable across runs on a busy machine,
      // where the throughput also depends on how much of the two cores the service gets.
      serviceCpuMsPerRequest: Number((serviceCpuMs / requests).toFixed(3)),
      serviceCpuCoresUsed: Number((serviceCpuMs / 1000 / DURATION).toFixed(2)),
    };
    const throughIngress = () => {
      const { requests: ingressRequests, ...viaIngressFigures } = combined(ingressRuns);
      const { requests: ingressBareRequests, ...ingressBareFigures } = combined(ingressBareRuns);
      return {
        progress: {
          ...viaIngressFigures,
          serviceCpuMsPerRequest: Number((serviceCpuMsViaIngress / ingressRequests).toFixed(3)),
          ingressCpuMsPerRequest: Number((ingressCpuMs / ingressRequests).toFixed(3)),
        },
        // The ingress in front of the bare server: what the ingress alone allows on this machine.
        ingressToBareNodeHttp: {
          ...ingressBareFigures,
          ingressCpuMsPerRequest: Number((ingressCpuMsToBare / ingressBareRequests).toFixed(3)),
        },
        progressRatioToReference: Number(
          (viaIngressFigures.requestsPerSecond / reference.requestsPerSecond).toFixed(3),
        ),
      };
    };
    const fastifyPg = () => {
      const { requests: fastifyRequests, ...fastifyFigures } = combined(fastifyRuns);
      return {
        ...fastifyFigures,
        cpuMsPerRequest: Number((fastifyCpuMs / fastifyRequests).toFixed(3)),
        ratioToReference: Number((fastifyFigures.requestsPerSecond / reference.requestsPerSecond).toFixed(3)),
      };
    };
    recordResult('progress', {
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      secondsPerRound: DURATION / ROUNDS,
      course: { sections: SECTIONS, lessons: SECTIONS * LESSONS_PER_SECTION, completed: '50 %' },
      bodyBytes: Buffer.byteLength(body),
      progress,
      // The baseline: node:http + pg running progress's state statement, answering the same bytes.
      referenceNodeHttpPg: {
        ...reference,
        requests: statementRequests,
        // Its own CPU per answered request: what progress spends beyond it is the gap to close.
        cpuMsPerRequest: Number((referenceCpuMs / statementRequests).toFixed(3)),
      },
      throughputRatio: ratio,
      // For comparison: a bare node:http server answering the bytes from memory (no database).
      bareNodeHttp: {
        requestsPerSecond: bareFigures.requestsPerSecond,
        p50Ms: bareFigures.p50Ms,
        p99Ms: bareFigures.p99Ms,
        errors: bareFigures.errors,
        progressRatioToIt: Number((subject.requestsPerSecond / bareFigures.requestsPerSecond).toFixed(3)),
        referenceRatioToIt: Number((reference.requestsPerSecond / bareFigures.requestsPerSecond).toFixed(3)),
      },
      met: ratio >= TARGET_RATIO && progress.p99Ms <= 50 && progress.errors === 0,
      ...(ingress ? { throughIngress: throughIngress() } : {}),
      // The same statement and bytes behind a bare Fastify route: the framework's share of the gap.
      ...(fastifyServer ? { fastifyPg: fastifyPg() } : {}),
      rounds: progressRuns.map((run, index) => ({
        progress: figures(run),
        referenceNodeHttpPg: figures(statementRuns[index]),
        bareNodeHttp: figures(bareRuns[index]),
        ...(fastifyServer ? { fastifyPg: figures(fastifyRuns[index]) } : {}),
        throughputRatio: Number((run.requests.average / statementRuns[index].requests.average).toFixed(3)),
        ...(ingress
          ? {
              progressThroughIngress: figures(ingressRuns[index]),
              ingressToBareNodeHttp: figures(ingressBareRuns[index]),
            }
          : {}),
      })),
      targets: { throughputRatio: `>= ${TARGET_RATIO} of referenceNodeHttpPg`, p99Ms: '<= 50', errors: 0 },
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadavg().map((value) => Number(value.toFixed(2))),
      serviceCpuMsPerRequestBy: split,
    });
  } finally {
    // With a profile, SIGUSR2 makes the wrapper exit normally so that node writes the profile.
    if (service) await stopProcess(service, PROFILE ? 'SIGUSR2' : 'SIGTERM');
    if (ingress) await stopProcess(ingress, 'SIGTERM');
    if (bare) await stopProcess(bare, 'SIGTERM');
    if (statementServer) await stopProcess(statementServer, 'SIGTERM');
    if (fastifyServer) await stopProcess(fastifyServer, 'SIGTERM');
    await issuer.close();
    await database.drop();
    await removeBrokerTopology(exchange);
  }
  if (PROFILE) {
    const [file] = readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'));
    if (file) {
      console.log(`CPU profile of the service: ${join(profileDir, file)} (self time, whole run)`);
      for (const line of summariseProfile(join(profileDir, file))) console.log(line);
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
