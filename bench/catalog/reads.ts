// catalog's two public reads at c=100 (autocannon), each as a throughput ratio against a reference
// measured in the same run: node:http + pg (its own process, catalog's pool size) running the very
// statements catalog ran for that read, captured from catalog itself (capture-sql.ts, in a capture
// run before the measured one), then answering catalog's own bytes. The reads: a course's outline
// (`GET /api/catalog/courses/:id`, a learner's token) and the catalogue listing
// (`GET /api/catalog/courses`, anonymous, its first page). catalog runs as its own process from its
// build (NODE_ENV=production, OpenAPI off), on a scratch database it migrates, with courses made
// through its API. See bench/README.md. Results: bench/results/catalog-<date>.json.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type autocannon from 'autocannon';
import { BACKEND_SERVICES, managementPortOf } from '@platform/contracts';
import { createTestDatabase, startTestTokenIssuer, testServerUrl } from '@platform/testing';
import { positiveIntSetting } from '../shared/bench-settings';
import { combined, CONNECTIONS, figures, load, waitForOk } from '../shared/http-load';
import { percentile, recordResult } from '../shared/results';
import {
  cpuMs,
  freePort,
  migrateService,
  removeBenchTopology,
  type ServiceProcess,
  startServiceProcess,
  stopChild,
  waitUntilReady,
} from '../shared/service-process';
import type { StatementRoute } from '../shared/statement-server';
import { callCatalog, catalogBenchEnvironment, createDraftCourse } from './catalog-under-bench';

const SECONDS = positiveIntSetting('BENCH_SECONDS', 10);
const ROUNDS = positiveIntSetting('BENCH_ROUNDS', 2);
const COURSES = positiveIntSetting('BENCH_COURSES', 30);
const SECTIONS = 3;
const LESSONS_PER_SECTION = 5;
const TARGET_RATIO = 0.7;
/** catalog's DATABASE_POOL_MAX default, which the bench leaves as it is; the reference gets the same. */
const POOL_MAX = 10;
/** Statements of catalog's other work (relay, health) that may interleave with a captured read. */
const NOT_THE_READ = /outbox_message|inbox_message|pg_notify|^\s*(begin|commit|rollback|select 1)\b/i;

const route = (service: 'catalog', port: number): string =>
  `http://127.0.0.1:${port}${BACKEND_SERVICES[service].routePrefix}`;

async function createPublishedCourse(base: string, token: string, index: number): Promise<string> {
  const courseId = await createDraftCourse(base, token, {
    purpose: 'to measure its reads',
    index,
    sections: SECTIONS,
    lessonsPerSection: LESSONS_PER_SECTION,
  });
  const sentAt = performance.now();
  await callCatalog(base, token, 'POST', `/courses/${courseId}/publish`);
  publishRequestMs.push(performance.now() - sentAt);
  return courseId;
}

/** Each course's `POST /courses/:id/publish`, sent → 200, one request at a time (catalog alone). */
const publishRequestMs: number[] = [];

interface Read {
  readonly name: 'courseOutline' | 'catalogueListing';
  readonly path: string;
  readonly headers: Record<string, string>;
}

/** Runs catalog with the capture hook, makes each read once and returns what it ran and answered. */
async function capture(
  env: NodeJS.ProcessEnv,
  port: number,
  scratch: string,
  reads: readonly Read[],
): Promise<Record<string, StatementRoute & { statusCode: number }>> {
  const file = join(scratch, 'captured.jsonl');
  writeFileSync(file, '');
  const service = startServiceProcess('catalog', {
    name: 'catalog-capture',
    env: { ...env, CAPTURE_SQL_FILE: file },
    logDir: scratch,
    nodeArgs: ['--require', join(__dirname, 'capture-sql.js')],
  });
  const captured: Record<string, StatementRoute & { statusCode: number }> = {};
  try {
    await waitUntilReady(`http://127.0.0.1:${managementPortOf(port)}/api/catalog/health/ready`, service);
    for (const read of reads) {
      // Once to warm the ORM's metadata and caches, then the captured one.
      await fetch(`${route('catalog', port)}${read.path}`, { headers: read.headers }).then((r) => r.text());
      const before = readFileSync(file, 'utf8').length;
      const response = await fetch(`${route('catalog', port)}${read.path}`, { headers: read.headers });
      const body = await response.text();
      const statements = readFileSync(file, 'utf8')
        .slice(before)
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { text: string; values?: unknown[] })
        .filter((statement) => !NOT_THE_READ.test(statement.text));
      captured[read.name] = {
        statements,
        body,
        contentType: response.headers.get('content-type') ?? 'application/json',
        statusCode: response.status,
      };
    }
  } finally {
    await service.stop();
  }
  return captured;
}

async function main(): Promise<void> {
  const loadBefore = loadavg().map((value) => Number(value.toFixed(2)));
  const scratch = mkdtempSync(join(tmpdir(), 'catalog-bench-'));
  const issuer = await startTestTokenIssuer();
  const database = await createTestDatabase('bench_catalog');
  const exchange = `bench.events.${randomUUID()}`;
  let catalog: ServiceProcess | undefined;
  let reference: ChildProcess | undefined;
  let succeeded = false;
  try {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...catalogBenchEnvironment({ databaseName: database.name, exchange, port, issuerEnv: issuer.env }),
      // Instead of the images' NODE_OPTIONS (SERVICE_PROCESS_ENV), to compare V8 settings.
      ...(process.env.BENCH_SERVICE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVICE_NODE_OPTIONS } : {}),
    };
    await migrateService('catalog', env, scratch);
    // BENCH_PROFILE=1: V8 CPU profiles of the catalog that builds and publishes the courses and of
    // the measured one, written to the kept log folder at their exit.
    const profile = (name: string): string[] =>
      process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${join(scratch, name)}`] : [];
    catalog = startServiceProcess('catalog', {
      name: 'catalog-publishing',
      env,
      logDir: scratch,
      nodeArgs: profile('publishing'),
    });
    await waitUntilReady(`http://127.0.0.1:${managementPortOf(port)}/api/catalog/health/ready`, catalog);
    const sign = (role: 'instructor' | 'learner'): Promise<string> =>
      issuer.sign(
        { id: randomUUID(), email: `${randomUUID()}@example.test`, displayName: `Bench ${role}`, roles: [role] },
        { expiresIn: '15m' },
      );
    const instructor = await sign('instructor');
    const learner = await sign('learner');
    const ids: string[] = [];
    for (let index = 0; index < COURSES; index++)
      ids.push(await createPublishedCourse(route('catalog', port), instructor, index));
    await catalog.stop();
    catalog = undefined;

    const reads: Read[] = [
      { name: 'courseOutline', path: `/courses/${ids[0]}`, headers: { authorization: `Bearer ${learner}` } },
      { name: 'catalogueListing', path: '/courses', headers: {} },
    ];
    const captured = await capture(env, port, scratch, reads);
    for (const read of reads) {
      const { statusCode, statements, body } = captured[read.name];
      if (statusCode !== 200 || statements.length === 0)
        throw new Error(`${read.name}: ${statusCode}, ${statements.length} statements: ${body.slice(0, 200)}`);
    }

    const referencePort = await freePort();
    const routesFile = join(scratch, 'routes.json');
    writeFileSync(
      routesFile,
      JSON.stringify(Object.fromEntries(reads.map((read) => [`/${read.name}`, captured[read.name]]))),
    );
    const databaseUrl = new URL(testServerUrl());
    databaseUrl.pathname = `/${database.name}`;
    reference = spawn(process.execPath, [join(__dirname, '..', 'shared', 'statement-server.js')], {
      env: {
        ...process.env,
        PORT: String(referencePort),
        STATEMENT_ROUTES: routesFile,
        STATEMENT_DATABASE_URL: databaseUrl.href,
        POOL_MAX: String(POOL_MAX),
      },
      stdio: 'inherit',
    });
    await waitForOk(`http://127.0.0.1:${referencePort}/courseOutline`);

    catalog = startServiceProcess('catalog', { env, logDir: scratch, nodeArgs: profile('reads') });
    await waitUntilReady(`http://127.0.0.1:${managementPortOf(port)}/api/catalog/health/ready`, catalog);
    const results: Record<string, unknown> = {};
    for (const read of reads) {
      const serviceUrl = `${route('catalog', port)}${read.path}`;
      const referenceUrl = `http://127.0.0.1:${referencePort}/${read.name}`;
      const answer = await fetch(serviceUrl, { headers: read.headers });
      if (answer.status !== 200 || (await answer.text()) !== captured[read.name].body)
        throw new Error(`${read.name}: catalog's answer changed since the capture`);
      // warm-up: JIT, pools, token cache
      await load(serviceUrl, read.headers, 3);
      await load(referenceUrl, {}, 2);
      const serviceRuns: autocannon.Result[] = [];
      const referenceRuns: autocannon.Result[] = [];
      let serviceCpu = 0;
      let referenceCpu = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const referenceBefore = cpuMs(reference.pid) ?? 0;
        referenceRuns.push(await load(referenceUrl, {}, SECONDS / ROUNDS));
        referenceCpu += (cpuMs(reference.pid) ?? 0) - referenceBefore;
        const before = cpuMs(catalog.child.pid) ?? 0;
        serviceRuns.push(await load(serviceUrl, read.headers, SECONDS / ROUNDS));
        serviceCpu += (cpuMs(catalog.child.pid) ?? 0) - before;
      }
      // autocannon leaves its last requests in flight: one more read queues behind them, so the
      // service is idle when the next read's runs (or its stop) begin.
      await (await fetch(serviceUrl, { headers: read.headers })).text();
      const { requests, ...service } = combined(serviceRuns);
      const { requests: referenceRequests, ...referenceFigures } = combined(referenceRuns);
      const ratio = Number((service.requestsPerSecond / referenceFigures.requestsPerSecond).toFixed(3));
      results[read.name] = {
        route: `GET ${BACKEND_SERVICES.catalog.routePrefix}${read.name === 'courseOutline' ? '/courses/:id' : '/courses'}`,
        authenticated: Boolean(read.headers.authorization),
        bodyBytes: Buffer.byteLength(captured[read.name].body),
        statements: captured[read.name].statements.map((statement) => statement.text),
        // Names of the statements catalog ran prepared (the reference prepares them the same way).
        preparedStatements: captured[read.name].statements.flatMap((statement) => statement.name ?? []),
        catalog: { ...service, serviceCpuMsPerRequest: Number((serviceCpu / requests).toFixed(3)) },
        referenceNodeHttpPg: {
          ...referenceFigures,
          cpuMsPerRequest: Number((referenceCpu / referenceRequests).toFixed(3)),
        },
        throughputRatio: ratio,
        met: ratio >= TARGET_RATIO && service.errors === 0,
        rounds: serviceRuns.map((run, index) => ({
          catalog: figures(run),
          referenceNodeHttpPg: figures(referenceRuns[index]),
          throughputRatio: Number((run.requests.average / referenceRuns[index].requests.average).toFixed(3)),
        })),
      };
    }
    recordResult('catalog', {
      connections: CONNECTIONS,
      durationSecondsPerRead: SECONDS,
      rounds: ROUNDS,
      courses: { published: COURSES, sections: SECTIONS, lessonsPerSection: LESSONS_PER_SECTION },
      poolMax: POOL_MAX,
      ...results,
      // The publish request alone (no other load): the transaction with its outbox rows, and the answer.
      publishRequest: {
        requests: publishRequestMs.length,
        p50Ms: Number(percentile(publishRequestMs, 50).toFixed(1)),
        p99Ms: Number(percentile(publishRequestMs, 99).toFixed(1)),
      },
      targets: { throughputRatio: `>= ${TARGET_RATIO}`, errors: 0 },
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadavg().map((value) => Number(value.toFixed(2))),
    });
    succeeded = true;
  } finally {
    if (catalog) await catalog.stop();
    if (reference) await stopChild(reference);
    await issuer.close();
    await database.drop();
    await removeBenchTopology(exchange, ['catalog']);
    if (succeeded && process.env.BENCH_PROFILE !== '1') rmSync(scratch, { recursive: true, force: true });
    else console.error(`catalog bench: the service logs (and a profile) are kept in ${scratch}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
