// The platform a chaos run works on: one of its own (started and removed by the run, on its own
// ports, databases and virtual host), or a running `npm start` reached over its control socket.
import { cpSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type PlatformControlCommand,
  type PlatformInfo,
  PlatformNotRunningError,
  platformControlSocket,
  repositoryRoot,
  sendPlatformControl,
  startPlatformProcess,
  testServerUrl,
} from '@platform/testing';
import type { ChaosOptions } from './chaos-options';

export interface ChaosPlatform {
  /** The dev ingress. */
  readonly url: string;
  /** maildev's REST API base (…/api/email). */
  readonly mailApi: string;
  readonly demoPassword: string;
  /** The broker itself (dead-letter counts are read there even while the platform's proxy is cut). */
  readonly amqpUrl: string;
  /** The PostgreSQL server of the platform's databases. */
  readonly databaseUrl: string;
  readonly databases: readonly string[];
  readonly logDir: string;
  control<T = unknown>(command: PlatformControlCommand): Promise<T>;
  /** A platform of the run's own is stopped and removed (its logs kept); an attached one is left running. */
  release(log: (line: string) => void): Promise<void>;
}

/** Why the run cannot use the platform it was pointed at: printed as it is, exit 2. */
export class PlatformUnavailableError extends Error {
  override readonly name = 'PlatformUnavailableError';
}

/** Where `npm start` (from this checkout, PLATFORM_STATE_DIR as it would read it) listens for control requests. */
export function defaultControlSocket(): string {
  return platformControlSocket(process.env.PLATFORM_STATE_DIR || join(repositoryRoot(), '.platform'));
}

/** A URL of the database `name` on the server of `serverUrl` (which may name another database). */
export function databaseAt(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const START_HINT =
  'start one in another terminal with `SIGNUP_RATE_LIMIT=1000 LOGIN_RATE_LIMIT=1000 npm start -- --replicas 2`, ' +
  'or run `npm run chaos` without --attach to start one of its own';

export async function attachPlatform(socketPath: string): Promise<ChaosPlatform> {
  let info: PlatformInfo;
  try {
    info = await sendPlatformControl<PlatformInfo>(socketPath, { op: 'info' }, 30_000);
  } catch (error) {
    if (error instanceof PlatformNotRunningError) {
      throw new PlatformUnavailableError(`no platform is running at ${socketPath}: ${START_HINT}`);
    }
    throw new PlatformUnavailableError(`the platform at ${socketPath} did not answer: ${(error as Error).message}`);
  }
  const single = Object.entries(info.replicas).filter(([, count]) => count < 2);
  if (single.length > 0) {
    throw new PlatformUnavailableError(
      `the platform at ${socketPath} runs one process of ${single.map(([name]) => name).join(', ')}: a kill or a ` +
        'roll would leave none to answer; restart it with `npm start -- --replicas 2`',
    );
  }
  return {
    url: info.ingressUrl,
    mailApi: `${info.mailUrl}/api/email`,
    demoPassword: info.demoPassword,
    amqpUrl: info.amqpUrl,
    databaseUrl: info.databaseUrl,
    databases: Object.values(info.databases),
    logDir: info.logDir,
    control: (command) => sendPlatformControl(socketPath, command),
    release: async (log) => log(`process logs in ${info.logDir} (the platform keeps running)`),
  };
}

/** Whether a platform answers on `socketPath` (to tell the user about --attach). */
export async function platformRunningAt(socketPath: string): Promise<boolean> {
  if (!existsSync(socketPath)) return false;
  return sendPlatformControl(socketPath, { op: 'info' }, 5000).then(
    () => true,
    () => false,
  );
}

export async function startOwnPlatform(options: ChaosOptions): Promise<ChaosPlatform> {
  const platform = await startPlatformProcess({
    replicas: options.replicas,
    portOffset: options.portOffset,
    timeoutMs: Math.min(300_000, options.deadlineMs / 2),
    env: { SIGNUP_RATE_LIMIT: '1000', LOGIN_RATE_LIMIT: '1000', OTEL_SDK_DISABLED: 'true' },
  });
  return {
    url: platform.url,
    mailApi: platform.mailApi,
    demoPassword: platform.demoPassword,
    amqpUrl: platform.amqpUrl,
    databaseUrl: testServerUrl(),
    databases: platform.databases,
    logDir: platform.logDir,
    control: (command) => platform.control(command),
    release: async (log) => {
      // The run's state folder goes with the platform: its process logs are kept for what broke.
      const logs = join(tmpdir(), `chaos-logs-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      cpSync(platform.logDir, logs, { recursive: true });
      log(`process logs kept in ${logs}`);
      await platform.stop();
    },
  };
}
