// What only the benchmarks need of a service process: its memory and CPU, and removing their
// scratch topology. Starting and stopping one lives in @platform/testing (service-process.ts).
import { readFileSync } from 'node:fs';
import { consumerQueueOf } from '@platform/contracts';
import { consumerTopology, topologyQueues } from '@platform/messaging';
import { testAmqpUrl } from '@platform/testing';
import { connect } from 'amqplib';

export {
  freePort,
  migrateService,
  type Readiness,
  serviceDir,
  type ServiceProcess,
  type ServiceProcessOptions,
  startServiceProcess,
  stopChild,
  waitUntilReady,
} from '@platform/testing';

/** Resident set size of a process in MiB (Linux /proc VmRSS), or null. */
export function residentMiB(pid: number | undefined, field: 'VmRSS' | 'RssAnon' = 'VmRSS'): number | null {
  if (!pid) return null;
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
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
 * Deletes a bench exchange and the durable queues the services' consumers (media's worker among
 * them) declared on it, with the lib's default retries (5 attempts, 1 s base).
 */
export async function removeBenchTopology(exchange: string, consumers: readonly string[]): Promise<void> {
  const connection = await connect(testAmqpUrl());
  try {
    const channel = await connection.createChannel();
    for (const consumer of consumers) {
      for (const queue of topologyQueues(consumerTopology(consumerQueueOf(consumer, exchange), 5, 1000))) {
        await channel.deleteQueue(queue);
      }
    }
    await channel.deleteExchange(exchange);
  } finally {
    await connection.close();
  }
}

export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;
