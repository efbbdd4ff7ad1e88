// The faults of a chaos run, each against the platform's own parts: processes and RabbitMQ's
// connections through its control socket (the platform's proxy, never the machine's broker),
// PostgreSQL only in the platform's own databases.
import { BACKEND_SERVICE_NAMES, MEDIA_WORKER } from '@platform/contracts';
import { Client } from 'pg';
import { delay } from '../load/http-recorder';
import type { Fault } from './chaos-options';
import { type ChaosPlatform, databaseAt } from './chaos-platform';

export interface FaultOutcome {
  readonly fault: Fault;
  readonly target: string;
  /** Epoch ms: requests sent in [startedAt, endedAt] met this fault. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly detail: string;
  /** What went wrong injecting it or recovering from it (the platform did not come back, …). */
  readonly problem?: string;
}

/** Every process set of the platform: the four services and media's worker. */
export const PROCESS_SETS = [...BACKEND_SERVICE_NAMES, MEDIA_WORKER.name];

interface ReplicaInfo {
  readonly key: string;
  readonly pid: number;
}

export interface FaultContext {
  readonly platform: ChaosPlatform;
  readonly brokerOutageMs: number;
  /** Resolves at the next completed cover upload (or after `timeoutMs` with false). */
  nextUpload(timeoutMs: number): Promise<boolean>;
  log(line: string): void;
}

async function timed(
  fault: Fault,
  target: string,
  body: () => Promise<{ detail: string; problem?: string }>,
): Promise<FaultOutcome> {
  const startedAt = Date.now();
  try {
    const { detail, problem } = await body();
    return { fault, target, startedAt, endedAt: Date.now(), detail, problem };
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    return { fault, target, startedAt, endedAt: Date.now(), detail: 'failed', problem };
  }
}

async function backReady(platform: ChaosPlatform, target: string): Promise<string | undefined> {
  const { ready } = await platform.control<{ ready: boolean }>({ op: 'wait-ready', target });
  return ready ? undefined : `${target} did not become ready again within 60 s`;
}

/**
 * A rolling update of every process set at once, as `helm upgrade` changes every Deployment: in each,
 * a new replica, ready, then SIGTERM to an old one, replica by replica (maxSurge 1, maxUnavailable 0).
 */
async function roll(context: FaultContext): Promise<FaultOutcome[]> {
  return Promise.all(
    PROCESS_SETS.map((target) =>
      timed('roll', target, async () => {
        const steps = await context.platform.control<Array<{ readyMs: number; stopMs: number; signal: string }>>({
          op: 'roll',
          target,
        });
        const killed = steps.filter((step) => step.signal === 'SIGKILL').length;
        return {
          detail: steps.map((step) => `ready ${step.readyMs} ms, old one stopped in ${step.stopMs} ms`).join('; '),
          problem:
            killed > 0 ? `${killed} old replica(s) of ${target} did not stop within the grace period` : undefined,
        };
      }),
    ),
  );
}

/** SIGKILL one replica of each service while it has a request in flight. */
async function kill(context: FaultContext): Promise<FaultOutcome[]> {
  const outcomes: FaultOutcome[] = [];
  for (const target of BACKEND_SERVICE_NAMES) {
    outcomes.push(
      await timed('kill', target, async () => {
        const killed = await context.platform.control<{ killed: string; inFlight: number }>({
          op: 'kill',
          target,
          busy: true,
        });
        const problem = await backReady(context.platform, target);
        return { detail: `${killed.killed} killed with ${killed.inFlight} request(s) in flight`, problem };
      }),
    );
  }
  return outcomes;
}

/** SIGKILL every worker right after a cover upload completed, so the image is on one of them. */
async function worker(context: FaultContext): Promise<FaultOutcome[]> {
  return [
    await timed('worker', MEDIA_WORKER.name, async () => {
      const midImage = await context.nextUpload(60_000);
      const replicas = await context.platform.control<Record<string, ReplicaInfo[]>>({ op: 'processes' });
      for (const replica of replicas[MEDIA_WORKER.name] ?? []) {
        await context.platform.control({ op: 'kill', target: MEDIA_WORKER.name, key: replica.key });
      }
      const problem = await backReady(context.platform, MEDIA_WORKER.name);
      const when = midImage ? 'right after an upload completed' : 'with no upload within 60 s';
      return { detail: `${replicas[MEDIA_WORKER.name]?.length ?? 0} worker(s) killed ${when}`, problem };
    }),
  ];
}

/** Every AMQP connection cut at the platform's proxy, new ones refused for a while, then let through again. */
async function broker(context: FaultContext): Promise<FaultOutcome[]> {
  return [
    await timed('broker', 'rabbitmq (proxy)', async () => {
      await context.platform.control({ op: 'broker', action: 'cut' });
      try {
        await delay(context.brokerOutageMs);
      } finally {
        await context.platform.control({ op: 'broker', action: 'restore' });
      }
      return { detail: `connections cut and refused for ${context.brokerOutageMs} ms` };
    }),
  ];
}

/** pg_terminate_backend on every connection to the platform's own databases (never another's). */
async function database(context: FaultContext): Promise<FaultOutcome[]> {
  return [
    await timed('database', context.platform.databases.join(','), async () => {
      const client = new Client({ connectionString: databaseAt(context.platform.databaseUrl, 'postgres') });
      await client.connect();
      try {
        const { rows } = await client.query<{ terminated: boolean }>(
          `select pg_terminate_backend(pid) as terminated from pg_stat_activity
            where datname = any($1::text[]) and pid <> pg_backend_pid()`,
          [context.platform.databases],
        );
        return { detail: `${rows.filter((row) => row.terminated).length} backend(s) terminated` };
      } finally {
        await client.end();
      }
    }),
  ];
}

export const INJECT: Record<Fault, (context: FaultContext) => Promise<FaultOutcome[]>> = {
  roll,
  kill,
  worker,
  broker,
  database,
};
