import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  BACKEND_SERVICE_NAMES,
  BACKEND_SERVICES,
  type BackendServiceName,
  managementPortOf,
  MEDIA_WORKER,
  type MetricsExporter,
  operationalPath,
} from '@platform/contracts';
import { Client } from 'pg';
import { type PlatformControlCommand, platformControlSocket, sendPlatformControl } from './platform-control-client';
import { testServerUrl } from './test-database';
import { testAmqpUrl } from './test-environment';

export interface RunningPlatform {
  /** The dev ingress, e.g. http://localhost:18080. */
  readonly url: string;
  /** maildev's REST API base (…/api/email). */
  readonly mailApi: string;
  readonly demoPassword: string;
  /** Each process's Prometheus scrape URL on its management port (the four services and media's worker). */
  readonly metricsUrls: Readonly<Record<MetricsExporter, string>>;
  /** The embedded trace view (`npm start`'s OTLP receiver): its JSON API is `<tracesUrl>/api/traces`. */
  readonly tracesUrl: string;
  /**
   * The RabbitMQ the platform's services use (its own virtual host when rabbitmqctl is available),
   * reached directly: the services go through the platform's proxy, which `{ op: 'broker' }` cuts.
   */
  readonly amqpUrl: string;
  /** Each service's public port (its management port is this + the contracts' offset). */
  readonly servicePorts: Readonly<Record<BackendServiceName, number>>;
  /** The run's own PostgreSQL databases, one per service. */
  readonly databases: readonly string[];
  /** Where each process logs (`<name>.log`, `<name>-<replica>.log` with replicas). */
  readonly logDir: string;
  /** The platform's control socket (scripts/platform/control-socket.mjs). */
  readonly controlSocket: string;
  /** Asks the platform to list, roll or kill its processes, or to cut RabbitMQ off (platform-control.mjs). */
  control<T = unknown>(command: PlatformControlCommand): Promise<T>;
  /** Everything the platform printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface PlatformProcessOptions {
  /** Processes of each service and worker (`npm start -- --replicas N`). */
  readonly replicas?: number;
  /** Added to every default port, so the run can live beside a developer's `npm start`. */
  readonly portOffset?: number;
  /** How long to wait for "Learning platform is up": two platforms starting at once on two cores take minutes. */
  readonly timeoutMs?: number;
  /** Extra environment for every process of the platform (e.g. rate limits for a load run). */
  readonly env?: NodeJS.ProcessEnv;
}

/** The checkout's root folder (the one with scripts/platform.mjs), from wherever this file runs. */
export function repositoryRoot(): string {
  let folder = __dirname;
  while (!existsSync(join(folder, 'scripts', 'platform.mjs'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('cannot find the repository root (scripts/platform.mjs)');
    folder = parent;
  }
  return folder;
}

/** A RabbitMQ virtual host of its own, so the run's queues never meet a developer's; none if rabbitmqctl is unavailable. */
function createVirtualHost(name: string): boolean {
  const add = spawnSync('rabbitmqctl', ['add_vhost', name], { stdio: 'ignore' });
  if (add.status !== 0) return false;
  return (
    spawnSync('rabbitmqctl', ['set_permissions', '-p', name, 'guest', '.*', '.*', '.*'], { stdio: 'ignore' }).status ===
    0
  );
}

async function dropDatabases(names: string[]): Promise<void> {
  const client = new Client({ connectionString: `${testServerUrl()}/postgres` });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * Fails a run whose fixed ports fall in the kernel's range for outgoing connections' local ports,
 * where a connection to PostgreSQL or RabbitMQ can hold the port when the platform wants to listen.
 */
function refuseEphemeralPorts(ports: Record<string, string>): void {
  const range = '/proc/sys/net/ipv4/ip_local_port_range';
  if (!existsSync(range)) return;
  const [low, high] = readFileSync(range, 'utf8').trim().split(/\s+/).map(Number);
  // Management ports and further replicas sit a few hundred above their service's port.
  const inRange = Object.entries(ports).filter(([, value]) => Number(value) + 300 >= low! && Number(value) <= high!);
  if (inRange.length > 0)
    throw new Error(
      `platform test ports in the ephemeral range ${low}-${high} (lower the port offset or TEST_PORT_SHIFT): ` +
        inRange.map(([key, value]) => `${key}=${value}`).join(', '),
    );
}

/**
 * Starts the whole platform as `npm start` does (from the build, `--no-build`), with its own ports,
 * databases, RabbitMQ virtual host and state folder, and removes all of them on stop().
 */
export async function startPlatformProcess(options: PlatformProcessOptions = {}): Promise<RunningPlatform> {
  const root = repositoryRoot();
  // TEST_PORT_SHIFT moves every platform test run aside, so two checkouts can test at once.
  const offset = (options.portOffset ?? 10_000) + Number(process.env.TEST_PORT_SHIFT ?? 0);
  const runId = randomBytes(3).toString('hex');
  const stateDir = mkdtempSync(join(tmpdir(), 'platform-e2e-'));
  const vhost = `e2e_${runId}`;
  const ownVhost = createVirtualHost(vhost);
  const databases = BACKEND_SERVICE_NAMES.map((name) => `${name}_e2e_${runId}`);
  const amqpUrl = ownVhost ? `${testAmqpUrl()}/${vhost}` : testAmqpUrl();
  const ports: Record<string, string> = {
    INGRESS_PORT: String(8080 + offset),
    WEB_PORT: String(3000 + offset),
    IDENTITY_PORT: String(3001 + offset),
    CATALOG_PORT: String(3002 + offset),
    PROGRESS_PORT: String(3003 + offset),
    MEDIA_PORT: String(3004 + offset),
    [MEDIA_WORKER.portEnv]: String(MEDIA_WORKER.port + offset),
    MAIL_SMTP_PORT: String(1025 + offset),
    MAIL_WEB_PORT: String(1080 + offset),
    S3_PORT: String(4569 + offset),
    TRACES_PORT: String(4318 + offset),
  };
  refuseEphemeralPorts(ports);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PLATFORM_STATE_DIR: stateDir,
    DATABASE_URL: testServerUrl(),
    AMQP_URL: amqpUrl,
    LOG_LEVEL: 'info',
    ...ports,
    ...Object.fromEntries(
      BACKEND_SERVICE_NAMES.map((name, index) => [`${name.toUpperCase()}_DATABASE_NAME`, databases[index]]),
    ),
    ...options.env,
  };
  let output = '';
  const args = [join(root, 'scripts', 'platform.mjs'), '--no-build', '--replicas', String(options.replicas ?? 1)];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env,
    // An IPC channel the platform watches: if this test process dies, the platform stops itself. Its
    // own process group, so that stop() can kill every process of the run even if the platform hangs.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const cleanUp = async (): Promise<void> => {
    await dropDatabases(databases).catch(() => undefined);
    if (ownVhost) spawnSync('rabbitmqctl', ['delete_vhost', vhost], { stdio: 'ignore' });
    rmSync(stateDir, { recursive: true, force: true });
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => killGroup(child), 20_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
    killGroup(child);
    await cleanUp();
  };

  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  while (!output.includes('Learning platform is up')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const logs = logTails(stateDir);
      await stop();
      throw new Error(`the platform did not come up:\n${output.slice(-4000)}\n${logs}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const demoPassword = /password: (\S+)\)/.exec(output)?.[1] ?? 'demo-password-123';
  return {
    url: `http://localhost:${env.INGRESS_PORT}`,
    mailApi: `http://localhost:${env.MAIL_WEB_PORT}/api/email`,
    tracesUrl: `http://localhost:${env.TRACES_PORT}`,
    metricsUrls: {
      ...(Object.fromEntries(
        BACKEND_SERVICE_NAMES.map((name) => [
          name,
          `http://127.0.0.1:${managementPortOf(Number(env[BACKEND_SERVICES[name].portEnv]))}${operationalPath(name, 'metrics')}`,
        ]),
      ) as Record<(typeof BACKEND_SERVICE_NAMES)[number], string>),
      [MEDIA_WORKER.name]: `http://127.0.0.1:${env[MEDIA_WORKER.portEnv]}${MEDIA_WORKER.routePrefix}/metrics`,
    },
    demoPassword,
    amqpUrl,
    databases,
    logDir: join(stateDir, 'logs'),
    controlSocket: platformControlSocket(stateDir),
    control: (command) => sendPlatformControl(platformControlSocket(stateDir), command),
    servicePorts: Object.fromEntries(
      BACKEND_SERVICE_NAMES.map((name) => [name, Number(env[BACKEND_SERVICES[name].portEnv])]),
    ) as Record<BackendServiceName, number>,
    output: () => output,
    stop,
  };
}

/** SIGKILL to whatever is left of a run's process group (services the platform could not stop in time). */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

/** The end of every process log of a run, for a failure message (the folder is removed on stop). */
function logTails(stateDir: string, lines = 20): string {
  const folder = join(stateDir, 'logs');
  if (!existsSync(folder)) return '';
  return readdirSync(folder)
    .map(
      (file) =>
        `── ${file}\n${readFileSync(join(folder, file), 'utf8').trimEnd().split('\n').slice(-lines).join('\n')}`,
    )
    .join('\n');
}
