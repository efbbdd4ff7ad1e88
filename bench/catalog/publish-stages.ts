// catalog's `POST /api/catalog/courses/:id/publish` alone, split into its stages: catalog runs as
// its own process from its build (as in reads.ts) with stage-timer.ts preloaded, an instructor
// builds BENCH_COURSES (30) courses of 3 sections × 5 text lessons (not timed) and publishes them
// one request at a time. For each publish, from the hook's timestamps: routing + auth (request →
// BEGIN sent), each statement of the transaction (lock, outline load, the flush's writes, the
// outbox insert, COMMIT) and the Node time between them, and commit → answer (the relay's wake,
// the view, the JSON). Results: bench/results/catalog-publish-<date>.json.
import { randomUUID } from 'node:crypto';
import { callCatalog, catalogBenchEnvironment, createDraftCourse } from './catalog-under-bench';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BACKEND_SERVICES, managementPortOf } from '@platform/contracts';
import { createTestDatabase, startTestTokenIssuer } from '@platform/testing';
import { positiveIntSetting } from '../shared/bench-settings';
import { percentile, recordResult } from '../shared/results';
import {
  freePort,
  migrateService,
  removeBenchTopology,
  type ServiceProcess,
  startServiceProcess,
  waitUntilReady,
} from '../shared/service-process';

const COURSES = positiveIntSetting('BENCH_COURSES', 30);

interface Timed {
  text: string;
  startMs: number;
  endMs?: number;
}
interface RequestTiming {
  url: string;
  status: number;
  startMs: number;
  endMs: number;
  statements: Timed[];
}

async function createCourse(base: string, token: string, index: number): Promise<string> {
  return createDraftCourse(base, token, {
    purpose: 'to time its publish request',
    index,
    sections: 3,
    lessonsPerSection: 5,
  });
}

/** What a statement is, by its text: the relay's own statements are not the request's. */
function kind(text: string): string {
  const sql = text.trim().toLowerCase();
  if (/^(begin|start transaction)/.test(sql)) return 'begin';
  if (/^commit/.test(sql)) return 'commit';
  if (/^rollback/.test(sql)) return 'rollback';
  if (sql.includes('pg_notify')) return 'notify';
  if (sql.startsWith('insert into "outbox_message"')) return 'outboxInsert';
  if (sql.includes('outbox_message') || sql.includes('inbox_message')) return 'relay';
  if (sql.includes('for update')) return 'lock';
  if (sql.startsWith('select')) return 'load';
  return 'write';
}

/** One publish request cut into stages (ms). */
function stages(request: RequestTiming): Record<string, number> {
  const own = request.statements.filter((statement) => kind(statement.text) !== 'relay' && statement.endMs);
  const at = (name: string): Timed | undefined => own.find((statement) => kind(statement.text) === name);
  const begin = at('begin');
  const commit = [...own].reverse().find((statement) => kind(statement.text) === 'commit');
  const lock = at('lock');
  const loads = own.filter((statement) => kind(statement.text) === 'load');
  const writes = own.filter((statement) => ['write', 'outboxInsert'].includes(kind(statement.text)));
  const sum = (list: Timed[]): number =>
    list.reduce((total, statement) => total + (statement.endMs! - statement.startMs), 0);
  if (!begin || !commit || !lock || writes.length === 0)
    throw new Error(`unexpected statements: ${own.map((s) => s.text.slice(0, 40)).join(' | ')}`);
  const lastLoad = loads.at(-1) ?? lock;
  return {
    totalMs: request.endMs - request.startMs,
    routingAndAuthMs: begin.startMs - request.startMs,
    beginMs: begin.endMs! - begin.startMs,
    beginToLockMs: lock.startMs - begin.endMs!,
    lockMs: lock.endMs! - lock.startMs,
    // The outline's statements and the Node time between them (hydrating the aggregate).
    loadAggregateMs: lastLoad.endMs! - lock.endMs!,
    loadSqlMs: sum(loads),
    loadStatements: loads.length,
    // Readiness check, the event's snapshot, the flush's change sets: Node time up to the first write.
    validateAndFlushPrepMs: writes[0].startMs - lastLoad.endMs!,
    flushWritesMs: writes.at(-1)!.endMs! - writes[0].startMs,
    outboxInsertMs: sum(writes.filter((statement) => kind(statement.text) === 'outboxInsert')),
    writeStatements: writes.length,
    // The flush's after-write work (subscribers, identity map) until COMMIT is sent.
    writesToCommitMs: commit.startMs - writes.at(-1)!.endMs!,
    commitMs: commit.endMs! - commit.startMs,
    // The relay's wake, the course view, serialising and sending the answer.
    commitToAnswerMs: request.endMs - commit.endMs!,
    sqlMs: sum(own),
  };
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0];
  const scratch = mkdtempSync(join(tmpdir(), 'catalog-publish-bench-'));
  const timings = join(scratch, 'publish-timings.jsonl');
  const issuer = await startTestTokenIssuer();
  const database = await createTestDatabase('bench_catalog_publish');
  const exchange = `bench.events.${randomUUID()}`;
  let catalog: ServiceProcess | undefined;
  let succeeded = false;
  const sentToAnswerMs: number[] = [];
  try {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...catalogBenchEnvironment({ databaseName: database.name, exchange, port, issuerEnv: issuer.env }),
      STAGE_TIMER_FILE: timings,
    };
    await migrateService('catalog', env, scratch);
    catalog = startServiceProcess('catalog', {
      name: 'catalog-publish',
      env,
      logDir: scratch,
      nodeArgs: ['--require', join(__dirname, 'stage-timer.js')],
    });
    await waitUntilReady(`http://127.0.0.1:${managementPortOf(port)}/api/catalog/health/ready`, catalog);
    const token = await issuer.sign(
      {
        id: randomUUID(),
        email: `${randomUUID()}@example.test`,
        displayName: 'Bench instructor',
        roles: ['instructor'],
      },
      { expiresIn: '15m' },
    );
    const base = `http://127.0.0.1:${port}${BACKEND_SERVICES.catalog.routePrefix}`;
    const ids: string[] = [];
    for (let index = 0; index < COURSES; index++) ids.push(await createCourse(base, token, index));
    for (const id of ids) {
      const sentAt = performance.now();
      await callCatalog(base, token, 'POST', `/courses/${id}/publish`);
      sentToAnswerMs.push(performance.now() - sentAt);
      // The relay's pass after the commit is not the next request's.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await catalog.stop();
    catalog = undefined;
    const requests = readFileSync(timings, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RequestTiming)
      .filter((request) => request.status === 200);
    if (requests.length !== COURSES) throw new Error(`${requests.length} publish timings for ${COURSES} publishes`);
    const split = requests.map(stages);
    const p50 = Object.fromEntries(
      Object.keys(split[0]).map((key) => [
        key,
        Number(
          percentile(
            split.map((stage) => stage[key]),
            50,
          ).toFixed(2),
        ),
      ]),
    );
    const mean = Object.fromEntries(
      Object.keys(split[0]).map((key) => [
        key,
        Number((split.reduce((total, stage) => total + stage[key], 0) / split.length).toFixed(2)),
      ]),
    );
    recordResult('catalog-publish', {
      loadAverage1m: { atStart: Number(loadAtStart.toFixed(2)), atEnd: Number(loadavg()[0].toFixed(2)) },
      courses: COURSES,
      publishRequest: {
        p50Ms: Number(percentile(sentToAnswerMs, 50).toFixed(1)),
        p99Ms: Number(percentile(sentToAnswerMs, 99).toFixed(1)),
      },
      // Inside catalog (request start → answer finished), p50 of each stage over the publishes.
      stagesP50: p50,
      // The means add up to the mean total.
      stagesMean: mean,
      statements: [
        ...new Set(
          requests[0].statements.map((statement) => `${kind(statement.text)}: ${statement.text.slice(0, 160)}`),
        ),
      ],
    });
    succeeded = true;
  } finally {
    await catalog?.stop();
    await removeBenchTopology(exchange, ['catalog']).catch(() => undefined);
    await database.drop();
    await issuer.close();
    if (succeeded) rmSync(scratch, { recursive: true, force: true });
    else console.error(`logs kept in ${scratch}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
