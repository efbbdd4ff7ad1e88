// Running a service the way `npm start` and the container images do: as its own process from its
// build (`node dist/main.js` in services/<name>), against scratch resources the caller owns. Used by
// the benchmarks that start services and by the tests that need real processes (traces, start-up).
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type BackendServiceName, SERVICE_ENTRY_POINTS, SERVICE_PROCESS_ENV } from '@platform/contracts';
import { repositoryRoot } from './platform-process';

export function serviceDir(service: BackendServiceName): string {
  return join(repositoryRoot(), 'services', service);
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
  /** Its environment, over the contracts' SERVICE_PROCESS_ENV (as the images set it). */
  readonly env: NodeJS.ProcessEnv;
  /** Folder of the log file `<name>.log`. */
  readonly logDir: string;
  /** Extra node options before the entry point (e.g. --cpu-prof). */
  readonly nodeArgs?: readonly string[];
  /** The node binary to run it with (the benchmarks compare runtimes). @default process.execPath */
  readonly nodePath?: string;
}

export function startServiceProcess(service: BackendServiceName, options: ServiceProcessOptions): ServiceProcess {
  const name = options.name ?? service;
  const logFile = join(options.logDir, `${name}.log`);
  const log = createWriteStream(logFile);
  const spawnedAt = performance.now();
  const child = spawn(
    options.nodePath ?? process.execPath,
    [...(options.nodeArgs ?? []), options.entry ?? SERVICE_ENTRY_POINTS.server],
    {
      cwd: serviceDir(service),
      env: { ...SERVICE_PROCESS_ENV, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
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
