// Start-up time to ready and idle memory of each service process (identity, catalog, progress,
// media, media's worker), each started from its build as the container images run it (`node
// dist/main.bundle.js`, `node dist/worker.bundle.js`, NODE_ENV=production, Node's compile cache warmed
// as the images warm it: scripts/build/warm-compile-cache.mjs) against a scratch database migrated
// beforehand (as the migration Job does), an exchange of the benchmark's own, an embedded s3rver and
// a mail catcher: time from spawn until `<prefix>/health/ready` answers 200, and VmRSS after 5 s
// idle. Baseline in the same run: a bare `node -e` http server, its spawn-to-first-200 and idle RSS.
// Rounds interleave every subject, one process at a time; figures are medians over the rounds.
// BENCH_COMPARE_NODE (paths of other node binaries, comma-separated) runs every subject, baseline
// included, under each of them too, interleaved in the same rounds: runtimes compared in one run.
// See bench/README.md. Results: bench/results/startup-<date>.json.
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  BACKEND_SERVICES,
  type BackendServiceName,
  managementPortOf,
  SERVICE_ENTRY_POINTS,
  SERVICE_PROCESS_ENV,
} from '@platform/contracts';
import {
  createTestDatabase,
  repositoryRoot,
  startTestMailCatcher,
  startTestTokenIssuer,
  testEnvironment,
  type TestDatabase,
} from '@platform/testing';
import { percentile, recordResult } from '../shared/results';
import {
  cpuMs,
  freePort,
  migrateService,
  removeBenchTopology,
  residentMiB,
  round,
  type ServiceProcess,
  startServiceProcess,
  stopChild,
  waitUntilReady,
} from '../shared/service-process';
import { positiveIntSetting } from '../shared/bench-settings';
import { type EmbeddedS3, startEmbeddedS3 } from '../shared/embedded-s3';

const ROUNDS = positiveIntSetting('BENCH_ROUNDS', 3);
/** Other node binaries to measure every subject with, besides the one running the benchmark. */
const COMPARED_NODES = (process.env.BENCH_COMPARE_NODE ?? '')
  .split(',')
  .map((path) => path.trim())
  .filter(Boolean);
const IDLE_MS = positiveIntSetting('BENCH_IDLE_MS', 5000);
/** How often the ready endpoint is polled: the resolution of the start-up time. */
const POLL_MS = 10;
const READY_TIMEOUT_MS = 120_000;

interface Sample {
  readyMs: number;
  /** Spawn → the first answer of any status from the ready endpoint. */
  listeningMs: number;
  lastRefusal?: string;
  idleRssMiB: number | null;
  /** The anonymous part of it (RssAnon): what a pod cannot share with others running the same image. */
  idleAnonymousRssMiB: number | null;
  /** CPU time the process used from spawn to ready. */
  startupCpuMs: number | null;
  /** CPU time from spawn to the end of the idle time: start-up and whatever the process did once ready. */
  idleCpuMs: number | null;
  /** SIGTERM → exit (graceful shutdown). */
  stopMs: number;
}

interface Subject {
  name: string;
  /** Starts the process on a fresh port with the given node binary; returns it with its ready URL. */
  start(logDir: string, nodePath: string): Promise<{ process: ServiceProcess; readyUrl: string }>;
}

interface Runtime {
  /** The node binary. */
  path: string;
  /** Its version, e.g. v24.22.3. */
  version: string;
}

/** The baseline: node:http answering 200 to everything, nothing loaded. */
const BARE_SERVER = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.BARE_PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));`;

function bareSubject(): Subject {
  return {
    name: 'bareNodeHttp',
    async start(logDir, nodePath) {
      const port = await freePort();
      const spawnedAt = performance.now();
      const child: ChildProcess = spawn(nodePath, ['-e', BARE_SERVER], {
        env: { PATH: process.env.PATH, BARE_PORT: String(port) },
        stdio: 'ignore',
      });
      return {
        process: {
          name: 'bareNodeHttp',
          child,
          spawnedAt,
          logFile: join(logDir, 'bare.log'),
          stop: (graceMs = 5000) => stopChild(child, graceMs),
        },
        readyUrl: `http://127.0.0.1:${port}/`,
      };
    },
  };
}

async function measure(subject: Subject, logDir: string, nodePath: string): Promise<Sample> {
  const { process: running, readyUrl } = await subject.start(logDir, nodePath);
  try {
    const { readyMs, listeningMs, lastRefusal } = await waitUntilReady(readyUrl, running, READY_TIMEOUT_MS, POLL_MS);
    const startupCpuMs = cpuMs(running.child.pid);
    await new Promise((done) => setTimeout(done, IDLE_MS));
    const idleRssMiB = residentMiB(running.child.pid);
    const idleAnonymousRssMiB = residentMiB(running.child.pid, 'RssAnon');
    const idleCpuMs = cpuMs(running.child.pid);
    const stopping = performance.now();
    await running.stop();
    return {
      readyMs,
      listeningMs,
      lastRefusal,
      idleRssMiB,
      idleAnonymousRssMiB,
      startupCpuMs,
      idleCpuMs,
      stopMs: performance.now() - stopping,
    };
  } finally {
    await running.stop(5000);
  }
}

const median = (values: number[]): number => percentile(values, 50);

interface Figures {
  readyMs: number;
  readyMsRounds: number[];
  listeningMs: number;
  notReadyAnswers: string[];
  idleRssMiB: number;
  idleAnonymousRssMiB: number;
  startupCpuMs: number;
  idleCpuMs: number;
  stopMs: number;
  readyRatio: number;
  idleRssRatio: number;
  startupCpuRatio: number;
}

/** Medians of one runtime's samples per process, and their ratios to its bare server's. */
function figuresOf(samples: Map<string, Sample[]>): Record<string, Figures> {
  const bare = samples.get('bareNodeHttp')!;
  const bareReady = median(bare.map((sample) => sample.readyMs));
  const bareRss = median(bare.map((sample) => sample.idleRssMiB ?? Number.NaN));
  const bareCpu = median(bare.map((sample) => sample.startupCpuMs ?? Number.NaN));
  return Object.fromEntries(
    [...samples.entries()].map(([name, list]) => {
      const readyMs = median(list.map((sample) => sample.readyMs));
      const idleRssMiB = median(list.map((sample) => sample.idleRssMiB ?? Number.NaN));
      const startupCpuMs = median(list.map((sample) => sample.startupCpuMs ?? Number.NaN));
      const figures: Figures = {
        readyMs: round(readyMs, 0),
        readyMsRounds: list.map((sample) => round(sample.readyMs, 0)),
        listeningMs: round(median(list.map((sample) => sample.listeningMs)), 0),
        notReadyAnswers: [...new Set(list.map((sample) => sample.lastRefusal).filter((text) => text !== undefined))],
        idleRssMiB,
        idleAnonymousRssMiB: median(list.map((sample) => sample.idleAnonymousRssMiB ?? Number.NaN)),
        startupCpuMs,
        idleCpuMs: median(list.map((sample) => sample.idleCpuMs ?? Number.NaN)),
        stopMs: round(median(list.map((sample) => sample.stopMs)), 0),
        readyRatio: round(readyMs / bareReady, 1),
        idleRssRatio: round(idleRssMiB / bareRss, 1),
        // CPU time to ready depends much less on the machine's other load than the wall time.
        startupCpuRatio: round(startupCpuMs / bareCpu, 1),
      };
      return [name, figures];
    }),
  );
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0];
  const scratch = mkdtempSync(join(tmpdir(), 'startup-bench-'));
  const logDir = join(scratch, 'logs');
  mkdirSync(logDir);
  const exchange = `bench.events.${randomUUID()}`;
  const bucket = 'startup-bench';
  let s3: EmbeddedS3 | undefined;
  const issuer = await startTestTokenIssuer();
  const mail = await startTestMailCatcher();
  const databases = new Map<BackendServiceName, TestDatabase>();
  let succeeded = false;
  try {
    s3 = await startEmbeddedS3(join(scratch, 's3'), bucket);
    const { privateKey } = generateKeyPairSync('ed25519');
    const shared = {
      EVENTS_EXCHANGE: exchange,
      LOG_LEVEL: 'warn',
      OPENAPI_ENABLED: 'true', // as deployed: each service serves its docs
      ...issuer.env,
    };
    const extra: Record<BackendServiceName, Record<string, string>> = {
      identity: {
        PUBLIC_URL: 'http://127.0.0.1:9/',
        SMTP_URL: mail.smtpUrl,
        JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
      catalog: {},
      progress: {},
      media: {
        S3_BUCKET: bucket,
        S3_ENDPOINT: s3.endpoint,
        S3_FORCE_PATH_STYLE: 'true',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
      },
    };
    const envOf = (service: BackendServiceName, ports: Record<string, string>): NodeJS.ProcessEnv => ({
      ...testEnvironment({
        ...shared,
        ...extra[service],
        DATABASE_NAME: databases.get(service)!.name,
        ...ports,
      }),
      NODE_ENV: 'production',
      PATH: process.env.PATH,
    });
    // Migrated once, before any timing: in clusters a Job migrates before the pods start.
    await Promise.all(
      (Object.keys(extra) as BackendServiceName[]).map(async (service) => {
        databases.set(service, await createTestDatabase(`bench_startup_${service}`));
        await migrateService(service, envOf(service, { PORT: '0' }), logDir);
      }),
    );
    // The images' compile cache: written once by the same warm-up, then each start gets a copy of
    // it as it was, so nothing a measured process adds to it helps the next (the images' is read-only).
    const warmCompileCache = join(scratch, 'compile-cache');
    for (const service of Object.keys(extra)) {
      execFileSync(
        process.execPath,
        [join(repositoryRoot(), 'scripts/build/warm-compile-cache.mjs'), join(repositoryRoot(), 'services', service)],
        { env: { ...process.env, ...SERVICE_PROCESS_ENV, NODE_COMPILE_CACHE: warmCompileCache }, stdio: 'ignore' },
      );
    }
    const compileCacheOfOneStart = (dir: string): Record<string, string> => {
      const copy = join(dir, `compile-cache-${randomUUID()}`);
      cpSync(warmCompileCache, copy, { recursive: true });
      return { NODE_COMPILE_CACHE: copy };
    };
    const serviceSubject = (service: BackendServiceName): Subject => ({
      name: service,
      async start(dir, nodePath) {
        const port = await freePort();
        const running = startServiceProcess(service, {
          env: { ...envOf(service, { PORT: String(port) }), ...compileCacheOfOneStart(dir) },
          logDir: dir,
          nodePath,
        });
        return {
          process: running,
          readyUrl: `http://127.0.0.1:${managementPortOf(port)}${BACKEND_SERVICES[service].routePrefix}/health/ready`,
        };
      },
    });
    const workerSubject: Subject = {
      name: 'media-worker',
      async start(dir, nodePath) {
        const port = await freePort();
        const running = startServiceProcess('media', {
          nodePath,
          name: 'media-worker',
          entry: SERVICE_ENTRY_POINTS.worker,
          env: { ...envOf('media', { PORT: '0', WORKER_PORT: String(port) }), ...compileCacheOfOneStart(dir) },
          logDir: dir,
        });
        return {
          process: running,
          readyUrl: `http://127.0.0.1:${port}${BACKEND_SERVICES.media.routePrefix}-worker/health/ready`,
        };
      },
    };
    const subjects: Subject[] = [
      bareSubject(),
      ...(['identity', 'catalog', 'progress', 'media'] as const).map(serviceSubject),
      workerSubject,
    ];

    const runtimes: Runtime[] = [process.execPath, ...COMPARED_NODES].map((path) => ({
      path,
      version: execFileSync(path, ['--version'], { encoding: 'utf8' }).trim(),
    }));
    const samples = new Map<string, Map<string, Sample[]>>(
      runtimes.map((runtime) => [runtime.path, new Map(subjects.map((subject) => [subject.name, []]))]),
    );
    const loads: number[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      loads.push(round(loadavg()[0]));
      for (const subject of subjects) {
        for (const runtime of runtimes) {
          const sample = await measure(subject, logDir, runtime.path);
          samples.get(runtime.path)!.get(subject.name)!.push(sample);
          console.log(
            `startup round ${r}/${ROUNDS}: ${subject.name.padEnd(12)} (node ${runtime.version}) ready in ${sample.readyMs.toFixed(0).padStart(5)} ms (listening at ${sample.listeningMs.toFixed(0)} ms, CPU ${sample.startupCpuMs} ms, ${sample.idleCpuMs} ms once idle), idle RSS ${sample.idleRssMiB} MiB (anonymous ${sample.idleAnonymousRssMiB}) (load ${loadavg()[0].toFixed(2)})`,
          );
        }
      }
    }

    const [first, ...others] = runtimes.map((runtime) => ({ runtime, figures: figuresOf(samples.get(runtime.path)!) }));
    // Each other runtime's figures divided by the first's (the node running the benchmark), per process.
    const compared = others.map(({ runtime, figures }) => ({
      node: runtime.version,
      // A wrapper script (node with flags or NODE_COMPILE_CACHE) reports the version of the node it runs.
      path: runtime.path,
      processes: figures,
      toFirstRuntime: Object.fromEntries(
        Object.entries(figures).map(([name, figure]) => [
          name,
          {
            readyMs: round(figure.readyMs / first.figures[name].readyMs),
            startupCpuMs: round(figure.startupCpuMs / first.figures[name].startupCpuMs),
            idleRssMiB: round(figure.idleRssMiB / first.figures[name].idleRssMiB),
          },
        ]),
      ),
    }));
    recordResult('startup', {
      subject:
        'spawn → <prefix>/health/ready answers 200 (polled every 10 ms), and VmRSS after idling; each service from its build, NODE_ENV=production, one process at a time',
      rounds: ROUNDS,
      idleSeconds: IDLE_MS / 1000,
      baseline: 'bareNodeHttp: node -e with a node:http server answering 200',
      // readyRatio = median ready time / the bare server's; idleRssRatio likewise for VmRSS.
      processes: first.figures,
      runtimePath: first.runtime.path,
      ...(compared.length > 0 ? { otherRuntimes: compared } : {}),
      loadAverage1m: { atStart: round(loadAtStart), atEachRound: loads, atEnd: round(loadavg()[0]) },
    });
    succeeded = true;
  } finally {
    await removeBenchTopology(exchange, ['catalog', 'progress', 'media', 'media-worker']).catch((error: unknown) =>
      console.error('could not remove the bench exchange and queues:', error),
    );
    await mail.close();
    await issuer.close();
    await s3?.close();
    for (const database of databases.values()) await database.drop();
    if (succeeded) rmSync(scratch, { recursive: true, force: true });
    else console.error(`logs of the services kept in ${logDir}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
