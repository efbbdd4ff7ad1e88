// Upload → variant-ready throughput of the media pipeline, as a ratio to a plain sharp loop over the
// same images in the same run (bench/media/README.md). Starts its own s3rver, database, exchange and
// queues, and the media service and worker from their builds (node dist/main.js, dist/worker.js),
// exactly as `npm start` and the container images run them. Records bench/results/media-<date>.json.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  BACKEND_SERVICES,
  consumerQueueOf,
  IMAGE_VARIANTS,
  managementPortOf,
  MEDIA_EVENTS,
  MEDIA_WORKER,
  SERVICE_ENTRY_POINTS,
  SERVICE_PROCESS_ENV,
} from '@platform/contracts';
import { consumerTopology } from '@platform/messaging';
import { createTestDatabase, startTestTokenIssuer, testAmqpUrl, testEnvironment } from '@platform/testing';
import { connect } from 'amqplib';
import sharp from 'sharp';
import { percentile, recordResult } from '../shared/results';
import { positiveIntSetting } from '../shared/bench-settings';
import { type EmbeddedS3, startEmbeddedS3 } from '../shared/embedded-s3';
import { freePort } from '../shared/service-process';

const ROOT = resolve(__dirname, '..', '..', '..');
const MEDIA_DIR = join(ROOT, 'services', 'media');

const IMAGES = positiveIntSetting('BENCH_IMAGES', 200);
/** Uploads in flight from the simulated browsers at once. */
const CLIENTS = positiveIntSetting('BENCH_CLIENTS', 8);
const WIDTH = 2000;
const HEIGHT = 1500;
/** Same quality as the worker's WebP variants (services/media/src/processing/image-variants.ts). */
const WEBP_QUALITY = 80;
const TIMEOUT_MS = positiveIntSetting('BENCH_TIMEOUT_MS', 600_000);

// ── inputs ─────────────────────────────────────────────────────────────────────────────────────

/** Distinct photo-like 2000×1500 JPEGs: smooth colour fields from upscaled noise, seeded per image. */
async function generateCovers(count: number): Promise<Buffer[]> {
  const covers: Buffer[] = [];
  let seed = 0x9e3779b9;
  const random = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const [w, h] = [64, 48];
  for (let index = 0; index < count; index++) {
    const pixels = Buffer.alloc(w * h * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = Math.floor(random() * 256);
    covers.push(
      await sharp(pixels, { raw: { width: w, height: h, channels: 3 } })
        .resize(WIDTH, HEIGHT, { kernel: 'cubic' })
        .jpeg({ quality: 85 })
        .toBuffer(),
    );
  }
  return covers;
}

// ── baseline: a plain sharp loop doing the worker's image work ───────────────────────────────────

function renderVariantsPlainly(image: Buffer): Promise<unknown> {
  return Promise.all(
    Object.values(IMAGE_VARIANTS).map(({ width }) =>
      sharp(image).rotate().resize({ width, withoutEnlargement: true }).webp({ quality: WEBP_QUALITY }).toBuffer(),
    ),
  );
}

/** Images/s of `inFlight` images rendered at a time (1 = the plain loop), and CPU ms per image. */
async function plainLoop(images: Buffer[], inFlight: number): Promise<{ rate: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < images.length) await renderVariantsPlainly(images[next++]);
    }),
  );
  const used = process.cpuUsage(cpu);
  return {
    rate: images.length / ((performance.now() - started) / 1000),
    cpuMs: (used.user + used.system) / 1000 / images.length,
  };
}

// ── the pipeline under test ──────────────────────────────────────────────────────────────────────

/** CPU seconds (user + system) a process has used so far (Linux /proc), or null. */
function cpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return null;
  }
}

/** CPU seconds of a process's main thread (its JavaScript), or null. */
function mainThreadCpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Peak resident set size of a process in MiB (Linux: VmHWM), or null where /proc is absent. */
function peakRssMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

async function waitUntilReady(url: string, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode}); see ${log}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${url} did not become ready within 60 s; see ${log}`);
}

function startProcess(name: string, entry: string, env: NodeJS.ProcessEnv, logDir: string): ChildProcess {
  const log = createWriteStream(join(logDir, `${name}.log`));
  // BENCH_CPU_PROFILE=<folder>: V8 CPU profiles of the service and worker, to see where time goes.
  const profile = process.env.BENCH_CPU_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
    : [];
  const child = spawn(process.execPath, [...profile, entry], {
    cwd: MEDIA_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  console.log(`media thumbnail pipeline: ${IMAGES} covers of ${WIDTH}×${HEIGHT}, ${CLIENTS} uploads in flight`);
  // Other work on the machine shifts both sides of the ratio; the load average says how much there was.
  const loadBefore = loadavg()[0];
  const covers = await generateCovers(IMAGES);
  const meanKiB = covers.reduce((sum, cover) => sum + cover.length, 0) / covers.length / 1024;
  console.log(`  generated ${IMAGES} JPEGs (mean ${meanKiB.toFixed(0)} KiB)`);

  const scratch = mkdtempSync(join(tmpdir(), 'media-bench-'));
  const logDir = join(scratch, 'logs');
  mkdirSync(logDir);
  const bucket = 'media-bench';
  let s3: EmbeddedS3 | undefined;
  const database = await createTestDatabase('media_bench');
  const issuer = await startTestTokenIssuer();
  const broker = await connect(testAmqpUrl());
  let service: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  const exchange = `bench.events.${randomUUID()}`;
  let succeeded = false;
  try {
    s3 = await startEmbeddedS3(join(scratch, 's3'), bucket);
    const [port, workerPort] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...testEnvironment({
        DATABASE_NAME: database.name,
        EVENTS_EXCHANGE: exchange,
        LOG_LEVEL: 'warn',
        ...issuer.env,
        S3_BUCKET: bucket,
        S3_ENDPOINT: s3.endpoint,
        S3_FORCE_PATH_STYLE: 'true',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        PORT: String(port),
        WORKER_PORT: String(workerPort),
      }),
      // As the images run the service and worker.
      ...SERVICE_PROCESS_ENV,
      NODE_ENV: 'production',
      PATH: process.env.PATH,
      // Other memory settings to try on the service and worker.
      ...(process.env.BENCH_WORKER_NODE_OPTIONS !== undefined
        ? { NODE_OPTIONS: process.env.BENCH_WORKER_NODE_OPTIONS }
        : {}),
      ...(process.env.BENCH_WORKER_MALLOC_ARENA_MAX
        ? { MALLOC_ARENA_MAX: process.env.BENCH_WORKER_MALLOC_ARENA_MAX }
        : {}),
    };

    const migrate = startProcess('migrate', SERVICE_ENTRY_POINTS.migrate, env, logDir);
    const migrated = await new Promise<number | null>((done) => migrate.once('exit', done));
    if (migrated !== 0) throw new Error(`migrations failed; see ${join(logDir, 'migrate.log')}`);

    const processedAt = new Map<string, { at: number; status: string }>();
    const channel = await broker.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, exchange, MEDIA_EVENTS.imageProcessed);
    await channel.consume(
      queue,
      (message) => {
        if (!message) return;
        const { payload } = JSON.parse(message.content.toString()) as { payload: { mediaId: string; status: string } };
        processedAt.set(payload.mediaId, { at: performance.now(), status: payload.status });
      },
      { noAck: true },
    );

    service = startProcess('media', SERVICE_ENTRY_POINTS.server, env, logDir);
    worker = startProcess('media-worker', SERVICE_ENTRY_POINTS.worker, env, logDir);
    const api = `http://127.0.0.1:${port}${BACKEND_SERVICES.media.routePrefix}`;
    await waitUntilReady(
      `http://127.0.0.1:${managementPortOf(port)}${BACKEND_SERVICES.media.routePrefix}/health/ready`,
      service,
      join(logDir, 'media.log'),
    );
    await waitUntilReady(
      `http://127.0.0.1:${workerPort}${BACKEND_SERVICES.media.routePrefix}-worker/health/ready`,
      worker,
      join(logDir, 'media-worker.log'),
    );
    const instructor = await issuer.user('instructor');
    const auth = { authorization: `Bearer ${instructor.token}`, 'content-type': 'application/json' };
    const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${api}${path}`, { method, headers: auth, body: JSON.stringify(body ?? {}) });
      if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    const phases = { request: [] as number[], put: [] as number[], complete: [] as number[] };
    const uploadOne = async (cover: Buffer, index: number): Promise<{ id: string; startedAt: number }> => {
      const startedAt = performance.now();
      const ticket = await call<{ id: string; uploadUrl: string; headers: Record<string, string> }>(
        'POST',
        '/uploads',
        { filename: `cover-${index}.jpg`, contentType: 'image/jpeg', size: cover.length, purpose: 'course-cover' },
      );
      const requested = performance.now();
      const put = await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body: cover });
      if (!put.ok) throw new Error(`PUT to storage → ${put.status}`);
      const stored = performance.now();
      await call('POST', `/uploads/${ticket.id}/complete`);
      phases.request.push(requested - startedAt);
      phases.put.push(stored - requested);
      phases.complete.push(performance.now() - stored);
      return { id: ticket.id, startedAt };
    };
    // One image through the whole pipeline first, so lazy start-up (JIT, pools) is not measured.
    await uploadOne(covers[0], -1);

    // Baseline before the burst; measured again after it, and averaged, so drift on a shared machine
    // affects both sides alike.
    const before = await plainLoop(covers, 1);
    const plainBefore = before.rate;
    console.log(`  plain sharp loop: ${plainBefore.toFixed(1)} images/s`);

    const cpuBefore = {
      worker: cpuSeconds(worker.pid),
      workerMainThread: mainThreadCpuSeconds(worker.pid),
      service: cpuSeconds(service.pid),
      bench: process.cpuUsage(),
    };
    const started = performance.now();
    const uploads: Array<{ id: string; startedAt: number }> = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < covers.length) {
          const index = next++;
          uploads.push(await uploadOne(covers[index], index));
        }
      }),
    );
    const uploaded = performance.now();
    const deadline = Date.now() + TIMEOUT_MS;
    while (uploads.some(({ id }) => !processedAt.has(id))) {
      if (Date.now() > deadline) throw new Error(`not every image was processed within ${TIMEOUT_MS} ms`);
      if (worker.exitCode !== null) throw new Error(`the worker exited; see ${join(logDir, 'media-worker.log')}`);
      await new Promise((done) => setTimeout(done, 20));
    }
    const finished = Math.max(...uploads.map(({ id }) => processedAt.get(id)!.at));
    const failed = uploads.filter(({ id }) => processedAt.get(id)!.status !== 'ready').length;
    const latencies = uploads.map(({ id, startedAt }) => processedAt.get(id)!.at - startedAt).sort((a, b) => a - b);
    const pipeline = IMAGES / ((finished - started) / 1000);
    const benchCpu = process.cpuUsage(cpuBefore.bench);
    const perImageMs = (before: number | null, after: number | null): number | null =>
      before === null || after === null ? null : round(((after - before) * 1000) / IMAGES, 1);
    const cpuPerImageMs = {
      worker: perImageMs(cpuBefore.worker, cpuSeconds(worker.pid)),
      workerMainThread: perImageMs(cpuBefore.workerMainThread, mainThreadCpuSeconds(worker.pid)),
      service: perImageMs(cpuBefore.service, cpuSeconds(service.pid)),
      benchProcess: round((benchCpu.user + benchCpu.system) / 1000 / IMAGES, 1),
    };
    const workerPeak = peakRssMiB(worker.pid);
    const servicePeak = peakRssMiB(service.pid);
    console.log(`  pipeline: ${pipeline.toFixed(1)} images/s, p95 ${percentile(latencies, 95).toFixed(0)} ms`);

    const after = await plainLoop(covers, 1);
    const plainAfter = after.rate;
    const parallel = await plainLoop(covers, 2);
    const plainParallel = parallel.rate;
    const plain = (plainBefore + plainAfter) / 2;
    const ratio = pipeline / plain;
    recordResult('media', {
      subject: 'media thumbnail pipeline: upload → variants ready',
      cpuModel: cpus()[0]?.model ?? null,
      sharp: sharp.versions.sharp,
      images: IMAGES,
      imageSize: `${WIDTH}x${HEIGHT}`,
      meanImageKiB: round(meanKiB, 0),
      variants: IMAGE_VARIANTS,
      clients: CLIENTS,
      plainLoop: {
        imagesPerSecond: round(plain),
        before: round(plainBefore),
        after: round(plainAfter),
        cpuPerImageMs: round((before.cpuMs + after.cpuMs) / 2, 1),
        note: 'one image at a time in this process: the worker’s variants (rotate, resize, WebP q80)',
      },
      plainParallel: {
        imagesPerSecond: round(plainParallel),
        inFlight: 2,
        note: 'the same work with as many images in flight as the worker’s WORKER_CONCURRENCY default',
      },
      pipeline: {
        imagesPerSecond: round(pipeline),
        latencyMs: {
          p50: round(percentile(latencies, 50), 0),
          p95: round(percentile(latencies, 95), 0),
          max: round(latencies[latencies.length - 1], 0),
        },
        uploadsPerSecond: round(IMAGES / ((uploaded - started) / 1000)),
        uploadPhasesP50Ms: {
          request: round(percentile(phases.request, 50), 0),
          putToStorage: round(percentile(phases.put, 50), 0),
          complete: round(percentile(phases.complete, 50), 0),
        },
        cpuPerImageMs,
        failed,
        note: 'upload request → PUT to s3rver → complete (size + sniff) → outbox → RabbitMQ → worker (read, render, store) → media.image.processed received; benchProcess CPU = the simulated browsers + s3rver',
      },
      ratio: round(ratio, 3),
      ratioToParallel: round(pipeline / plainParallel, 3),
      target: 0.8,
      meetsTarget: ratio >= 0.8,
      loadAverage1m: { before: round(loadBefore), after: round(loadavg()[0]) },
      workerPeakRssMiB: workerPeak,
      servicePeakRssMiB: servicePeak,
    });
    console.log(
      `media: plain loop ${plain.toFixed(1)} images/s (2 in flight: ${plainParallel.toFixed(1)}),` +
        ` pipeline ${pipeline.toFixed(1)} images/s → ratio ${ratio.toFixed(2)} (target ≥ 0.8);` +
        ` p95 ${percentile(latencies, 95).toFixed(0)} ms; worker peak RSS ${workerPeak ?? '?'} MiB; ${failed} failed`,
    );
    if (failed > 0) process.exitCode = 1;
    succeeded = true;
  } finally {
    await stopProcess(worker);
    await stopProcess(service);
    // The durable queues the service and worker declared on this run's exchange.
    const channel = await broker.createChannel();
    for (const name of [BACKEND_SERVICES.media.name, MEDIA_WORKER.name]) {
      const { queue, deadLetterQueue, retryQueues } = consumerTopology(consumerQueueOf(name, exchange), 5, 1000);
      for (const declared of [queue, deadLetterQueue, ...retryQueues.map((retry) => retry.name)]) {
        await channel.deleteQueue(declared);
      }
    }
    await channel.deleteExchange(exchange);
    await broker.close().catch(() => undefined);
    await issuer.close();
    await database.drop();
    await s3?.close();
    if (succeeded) rmSync(scratch, { recursive: true, force: true });
    else console.error(`logs of the service and worker kept in ${logDir}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
