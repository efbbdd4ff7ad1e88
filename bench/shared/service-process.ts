// Running a service the way `npm start` and the container images do: as its own process from its
// build (`node dist/main.js` in services/<name>), against scratch resources the benchmark owns.
// Shared by the benchmarks that start services (events, startup); bench/progress/hot-read.ts and
// bench/media/thumbnail-pipeline.ts still carry their own copies of these few functions.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type BackendServiceName, SERVICE_ENTRY_POINTS } from '@platform/contracts';
import { consumerTopology, topologyQueues } from '@platform/messaging';
import { testAmqpUrl } from '@platform/testing';
import { connect } from 'amqplib';

/** The repository's root (this file runs from bench/dist/shared/). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export function serviceDir(service: BackendServiceName): string {
  return join(REPO_ROOT, 'services', service);
}

/** A port nobody listens on right now (never the fixed ports of `npm start`). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** When it was spawned (performance.now()). */
  readonly spawnedAt: number;
  /** Its stdout and stderr. */
  readonly logFile: string;
  /** SIGTERM (the services' graceful shutdown), SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface ServiceProcessOptions {
  /** Name of the process and of its log file (default: the service's). */
  readonly name?: string;
  /** The build's entry point, relative to the service's folder (default dist/main.js). */
  readonly entry?: string;
  readonly env: NodeJS.ProcessEnv;
  /** Folder of the log file `<name>.log`. */
  readonly logDir: string;
  /** Extra node options before the entry point (e.g. --cpu-prof). */
  readonly nodeArgs?: readonly string[];
}

export function startServiceProcess(service: BackendServiceName, options: ServiceProcessOptions): ServiceProcess {
  const name = options.name ?? service;
  const logFile = join(options.logDir, `${name}.log`);
  const log = createWriteStream(logFile);
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.entry ?? SERVICE_ENTRY_POINTS.server], {
    cwd: serviceDir(service),
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return { name, child, spawnedAt, logFile, stop: (graceMs = 30_000) => stopChild(child, graceMs) };
}

/** Stops a child process: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Runs the service's migrations (dist/migrate.js) to completion against env's database. */
export async function migrateService(
  service: BackendServiceName,
  env: NodeJS.ProcessEnv,
  logDir: string,
): Promise<void> {
  const migration = startServiceProcess(service, {
    name: `${service}-migrate`,
    entry: SERVICE_ENTRY_POINTS.migrate,
    env,
    logDir,
  });
  const code = await new Promise<number | null>((done) => migration.child.once('exit', done));
  if (code !== 0) throw new Error(`${service}: migrations failed (${code}); see ${migration.logFile}`);
}

export interface Readiness {
  /** Spawn → the first 200. */
  readyMs: number;
  /** Spawn → the first HTTP answer of any status (the server listening). */
  listeningMs: number;
  /** The last answer that was not a 200 (status and the start of its body), if any. */
  lastRefusal?: string;
}

/**
 * Polls `url` every `intervalMs` until it answers 200; resolves with the times from spawn to the
 * first answer and to the first 200. Fails if the process exits or `timeoutMs` passes.
 */
export async function waitUntilReady(
  url: string,
  service: ServiceProcess,
  timeoutMs = 60_000,
  intervalMs = 50,
): Promise<Readiness> {
  const deadline = Date.now() + timeoutMs;
  let listeningMs: number | undefined;
  let lastRefusal: string | undefined;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null || service.child.signalCode !== null)
      throw new Error(
        `${service.name} exited (${service.child.exitCode ?? service.child.signalCode}) before ${url} answered 200; see ${service.logFile}`,
      );
    const answer = await fetch(url).then(
      async (response) => ({ status: response.status, body: await response.text(), at: performance.now() }),
      () => undefined,
    );
    if (answer) {
      listeningMs ??= answer.at - service.spawnedAt;
      if (answer.status === 200) return { readyMs: answer.at - service.spawnedAt, listeningMs, lastRefusal };
      lastRefusal = `${answer.status} ${answer.body.slice(0, 300)}`;
    }
    await new Promise((done) => setTimeout(done, intervalMs));
  }
  throw new Error(
    `${service.name}: ${url} did not answer 200 within ${timeoutMs} ms (last: ${lastRefusal ?? 'no answer'}); see ${service.logFile}`,
  );
}

/** Resident set size of a process in MiB (Linux /proc VmRSS), or null. */
export function residentMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc), or null. */
export function cpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return null;
  }
}

/**
 * Deletes a bench exchange and the durable queues the services declared on it. Every service
 * names its consumer queue `<exchange>.<consumer>` on an exchange other than the platform's (and
 * media's worker `<exchange>.media-worker`), with the lib's default retries (5 attempts, 1 s base).
 */
export async function removeBenchTopology(exchange: string, consumers: readonly string[]): Promise<void> {
  const connection = await connect(testAmqpUrl());
  try {
    const channel = await connection.createChannel();
    for (const consumer of consumers) {
      for (const queue of topologyQueues(consumerTopology(`${exchange}.${consumer}`, 5, 1000))) {
        await channel.deleteQueue(queue);
      }
    }
    await channel.deleteExchange(exchange);
  } finally {
    await connection.close();
  }
}

export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;
