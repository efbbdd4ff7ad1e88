// The hot read path GET /api/progress/courses/:id at c=100 (autocannon), against a bare node:http
// server answering a body of the same size in the same run. progress runs as its own process from
// its build, against a real database holding a 10 × 10 course half completed.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { createTestDatabase, startTestTokenIssuer, testAmqpUrl, testServerUrl } from '@platform/testing';
import { recordResult } from '../shared/results';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 100;
const PORT = Number(process.env.BENCH_PROGRESS_PORT ?? 3903);
const BARE_PORT = PORT + 1;
const root = join(__dirname, '..', '..', '..');

async function seed(databaseName: string, userId: string): Promise<string> {
  const client = new Client({ connectionString: `${testServerUrl()}/${databaseName}` });
  await client.connect();
  const courseId = randomUUID();
  await client.query('insert into course_models (id, revision, title, published) values ($1, 1, $2, true)', [
    courseId,
    'Bench course',
  ]);
  let position = 0;
  for (let s = 1; s <= 10; s++) {
    const sectionId = randomUUID();
    await client.query('insert into section_models (id, course_id, position) values ($1, $2, $3)', [
      sectionId,
      courseId,
      s,
    ]);
    for (let l = 1; l <= 10; l++) {
      const lessonId = randomUUID();
      await client.query(
        `insert into lesson_models (id, course_id, section_id, position, type) values ($1, $2, $3, $4, 'text')`,
        [lessonId, courseId, sectionId, l],
      );
      if (position++ % 2 === 0) {
        await client.query(
          'insert into completions (id, user_id, course_id, lesson_id, completed_at) values ($1, $2, $3, $4, now())',
          [randomUUID(), userId, courseId, lessonId],
        );
      }
    }
  }
  await client.query('insert into enrollments (id, user_id, course_id, enrolled_at) values ($1, $2, $3, now())', [
    randomUUID(),
    userId,
    courseId,
  ]);
  await client.end();
  return courseId;
}

function load(url: string, headers: Record<string, string>): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
}

async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`progress did not become ready at ${url}`);
}

async function main(): Promise<void> {
  const database = await createTestDatabase('bench_progress');
  const issuer = await startTestTokenIssuer();
  const env = {
    ...process.env,
    ...issuer.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: testServerUrl(),
    DATABASE_NAME: database.name,
    AMQP_URL: testAmqpUrl(),
    EVENTS_EXCHANGE: `bench.events.${randomUUID()}`,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    OPENAPI_ENABLED: 'false',
  };
  const cwd = join(root, 'services', 'progress');
  const migrated = spawnSync(process.execPath, ['dist/migrate.js'], { cwd, env, stdio: 'inherit' });
  if (migrated.status !== 0) throw new Error('migration failed');
  const learner = await issuer.user('learner');
  const courseId = await seed(database.name, learner.id);
  let service: ChildProcess | undefined;
  const bare = createServer();
  try {
    service = spawn(process.execPath, ['dist/main.js'], { cwd, env, stdio: 'inherit' });
    const url = `http://127.0.0.1:${PORT}/api/progress/courses/${courseId}`;
    await waitReady(`http://127.0.0.1:${PORT}/api/progress/health/ready`);
    const headers = { authorization: `Bearer ${learner.token}` };
    const body = await (await fetch(url, { headers })).text();
    bare.on('request', (_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(body),
    );
    await new Promise<void>((resolve) => bare.listen(BARE_PORT, '127.0.0.1', resolve));

    await load(url, headers); // warm-up: JIT, connection pool, JWKS cache
    const baseline = await load(`http://127.0.0.1:${BARE_PORT}/`, {});
    const subject = await load(url, headers);
    const figures = (result: autocannon.Result) => ({
      requestsPerSecond: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors: result.errors + result.timeouts + result.non2xx,
    });
    recordResult('progress-hot-read', {
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      bodyBytes: Buffer.byteLength(body),
      progress: figures(subject),
      bareNodeHttp: figures(baseline),
      throughputRatio: Number((subject.requests.average / baseline.requests.average).toFixed(3)),
      targets: { throughputRatio: '>= 0.20', p99Ms: '<= 50', errors: 0 },
    });
  } finally {
    service?.kill('SIGTERM');
    bare.close();
    await issuer.close();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
