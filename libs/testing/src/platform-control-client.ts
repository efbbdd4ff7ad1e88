import { connect } from 'node:net';
import { join } from 'node:path';

/** What a running platform's control socket does (scripts/platform/platform-control.mjs). */
export type PlatformControlCommand =
  | { readonly op: 'info' }
  | { readonly op: 'processes' }
  | { readonly op: 'wait-ready'; readonly target: string }
  | { readonly op: 'roll'; readonly target: string; readonly graceMs?: number }
  | { readonly op: 'kill'; readonly target: string; readonly key?: string; readonly busy?: boolean }
  | { readonly op: 'broker'; readonly action: 'cut' | 'restore' };

/** The `info` answer: where a running platform is and what a chaos run needs to know of it. */
export interface PlatformInfo {
  readonly ingressUrl: string;
  readonly mailUrl: string;
  readonly objectStoreUrl: string;
  /** The broker itself, not the platform's proxy in front of it. */
  readonly amqpUrl: string;
  readonly databaseUrl: string;
  /** Each service's database. */
  readonly databases: Readonly<Record<string, string>>;
  readonly demoPassword: string;
  readonly logDir: string;
  readonly pid: number;
  /** Processes of each service and worker. */
  readonly replicas: Readonly<Record<string, number>>;
}

/** Where `npm start` with this state folder (PLATFORM_STATE_DIR, default `.platform`) listens for control requests. */
export function platformControlSocket(stateDir: string): string {
  return join(stateDir, 'control', 'platform.sock');
}

/** No platform answers on the socket (none is running, or one crashed and left its socket file). */
export class PlatformNotRunningError extends Error {
  constructor(
    readonly socketPath: string,
    readonly code: string,
  ) {
    super(`no platform answers on ${socketPath} (${code})`);
    this.name = 'PlatformNotRunningError';
  }
}

let lastId = 0;

/**
 * One request over a running platform's control socket: a JSON line out, the JSON line with the
 * same id back. A roll waits for new processes to be ready, hence the long default timeout.
 */
export function sendPlatformControl<T = unknown>(
  socketPath: string,
  command: PlatformControlCommand,
  timeoutMs = 600_000,
): Promise<T> {
  const id = ++lastId;
  return new Promise<T>((resolve, reject) => {
    const socket = connect(socketPath);
    let buffered = '';
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      outcome();
    };
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () =>
      settle(() => reject(new Error(`platform control ${command.op}: no answer within ${timeoutMs} ms`))),
    );
    socket.once('connect', () => socket.write(`${JSON.stringify({ id, ...command })}\n`));
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
        const reply = JSON.parse(buffered.slice(0, newline)) as { id: number | null; result?: T; error?: string };
        buffered = buffered.slice(newline + 1);
        if (reply.id !== id && reply.id !== null) continue;
        settle(() =>
          reply.error === undefined
            ? resolve(reply.result as T)
            : reject(new Error(`platform control ${command.op}: ${reply.error}`)),
        );
      }
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      settle(() =>
        reject(
          error.code === 'ENOENT' || error.code === 'ECONNREFUSED'
            ? new PlatformNotRunningError(socketPath, error.code)
            : error,
        ),
      ),
    );
    socket.once('close', () =>
      settle(() => reject(new Error(`platform control ${command.op}: the platform closed the connection`))),
    );
  });
}
