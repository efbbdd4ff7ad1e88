// One chaos run: a platform of its own (or a running `npm start`, --attach), load waves (the load
// generator's journeys) until every fault has been injected, then the verdict: what clients saw,
// what events were lost, what broke.
import { Client } from 'pg';
import { countDeadLetters, type DeadLetterCounts, PLATFORM_DEAD_LETTER_QUEUES } from '../load/dead-letters';
import { delay, type RequestRecord } from '../load/http-recorder';
import type { InvariantResult } from '../load/invariants';
import type { LoadOptions } from '../load/load-options';
import type { LoadSummary } from '../load/report';
import { runLoad } from '../load/run-load';
import type { ChaosOptions } from './chaos-options';
import {
  attachPlatform,
  type ChaosPlatform,
  databaseAt,
  defaultControlSocket,
  platformRunningAt,
  startOwnPlatform,
} from './chaos-platform';
import { type FaultOutcome, INJECT } from './faults';

export interface ChaosResult {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly requests: number;
  /** Requests a client was left with no answer or a 5xx for, after its retries. */
  readonly errors: number;
  /** Of those, in flight while a process was killed or the database connections terminated (a crash may fail them). */
  readonly errorsDuringCrashes: number;
  readonly lostEvents: number;
  readonly journeysAtFull: number;
  readonly journeysPlanned: number;
  readonly faults: FaultOutcome[];
  readonly waves: LoadSummary[];
  readonly broken: string[];
  readonly summaryLine: string;
  readonly ok: boolean;
}

/** Client retries on no answer/502/503 for requests a retry cannot double. */
const CLIENT_RETRIES = 5;
/** The final dead-letter watch: the consumers' retry ladder (1+2+4+8 s) and a margin. */
const SETTLE_MS = 16_000;
/** Time a load wave needs at least on 2 busy cores (sign-ups and their mails, a cover through the worker). */
const MIN_WAVE_MS = 120_000;
const CRASHES = new Set<FaultOutcome['fault']>(['kill', 'worker', 'database']);
const UPLOAD_COMPLETED = /^POST \/api\/media\/uploads\/:id\/complete$/;

/** Problems an invariant lists, counting its `… N more` line. */
function problemCount(invariant: InvariantResult | undefined): number {
  if (!invariant) return 0;
  return invariant.problems.reduce((sum, line) => sum + (Number(/^… (\d+) more$/.exec(line)?.[1]) || 1), 0);
}

async function unpublishedEvents(platform: ChaosPlatform): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const database of platform.databases) {
    const client = new Client({ connectionString: databaseAt(platform.databaseUrl, database) });
    await client.connect();
    try {
      const { rows } = await client.query<{ pending: number }>(
        `select count(*)::int as pending from "outbox_message" where "published_at" is null`,
      );
      counts[database] = rows[0].pending;
    } catch {
      // a service without an outbox
    } finally {
      await client.end();
    }
  }
  return counts;
}

function deadLettered(before: DeadLetterCounts, after: DeadLetterCounts): string[] {
  return Object.keys(after).flatMap((queue) => {
    const [was, is] = [before[queue], after[queue]];
    if (typeof was !== 'number' || typeof is !== 'number') return [`${queue}: cannot be read (${is})`];
    return is > was ? [`${queue}: ${is - was} message(s) dead-lettered`] : [];
  });
}

export async function runChaos(options: ChaosOptions, log: (line: string) => void): Promise<ChaosResult> {
  const started = Date.now();
  const deadline = started + options.deadlineMs;
  let platform: ChaosPlatform;
  if (options.attach) {
    const socket = options.controlSocket ?? defaultControlSocket();
    platform = await attachPlatform(socket);
    log(`attached to the platform at ${platform.url} (control socket ${socket})`);
  } else {
    if (await platformRunningAt(defaultControlSocket())) {
      log(`a platform (npm start) is running: \`--attach\` runs against it; this run starts one of its own beside it`);
    }
    log(`starting a platform with ${options.replicas} replicas of each service and worker…`);
    platform = await startOwnPlatform(options);
    log(`platform up at ${platform.url} in ${((Date.now() - started) / 1000).toFixed(0)} s (logs: ${platform.logDir})`);
  }
  try {
    const before = await countDeadLetters(platform.amqpUrl, PLATFORM_DEAD_LETTER_QUEUES);
    const uploadWaiters: Array<() => void> = [];
    const onRecord = (record: RequestRecord): void => {
      if (UPLOAD_COMPLETED.test(record.route) && record.status >= 200 && record.status < 300) {
        uploadWaiters.splice(0).forEach((resolve) => resolve());
      }
    };
    const nextUpload = (timeoutMs: number): Promise<boolean> =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        uploadWaiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });

    const faults: FaultOutcome[] = [];
    let faultsDone = false;
    const injecting = (async () => {
      await delay(3000); // the first wave's sign-ups under way
      for (let round = 1; round <= options.rounds; round++) {
        for (const fault of options.faults) {
          if (Date.now() > deadline - 60_000) break;
          log(`round ${round}: ${fault}…`);
          const outcomes = await INJECT[fault]({ platform, brokerOutageMs: options.brokerOutageMs, nextUpload, log });
          for (const outcome of outcomes)
            log(`  ${outcome.target}: ${outcome.detail}${outcome.problem ? ` — ${outcome.problem}` : ''}`);
          faults.push(...outcomes);
        }
      }
      faultsDone = true;
    })();

    const waves: LoadSummary[] = [];
    do {
      // A wave cut off by the run's deadline would count its journeys as not at 100 %: the faults
      // left then go on without load (a kill finds no request in flight, the worker no image).
      const remaining = deadline - Date.now() - SETTLE_MS - 20_000;
      if (remaining < MIN_WAVE_MS) {
        log(`no time left for another load wave (${Math.round(remaining / 1000)} s): the faults go on without load`);
        break;
      }
      const loadOptions: LoadOptions = {
        baseUrl: platform.url,
        mailApi: platform.mailApi,
        amqpUrl: null, // the dead-letter queues are read once for the whole run, below
        deadLetterQueues: [],
        learners: options.learners,
        instructors: options.instructors,
        concurrency: options.concurrency,
        requestTimeoutMs: 30_000,
        mailTimeoutMs: 60_000,
        coverTimeoutMs: 120_000,
        propagationTimeoutMs: 60_000,
        deadlineMs: remaining,
        settleMs: 0,
        adminEmail: 'admin@demo.local',
        adminPassword: platform.demoPassword,
        instructorPassword: platform.demoPassword,
        record: false,
      };
      log(`load wave ${waves.length + 1}`);
      waves.push(await runLoad(loadOptions, (line) => log(`  ${line}`), { networkRetries: CLIENT_RETRIES, onRecord }));
    } while (!faultsDone);
    await injecting;

    log(`watching the dead-letter queues and outboxes for ${SETTLE_MS / 1000} s`);
    await delay(SETTLE_MS);
    const after = await countDeadLetters(platform.amqpUrl, PLATFORM_DEAD_LETTER_QUEUES);
    const unpublished = await unpublishedEvents(platform);
    return verdict({ started, options, faults, waves, dead: deadLettered(before, after), unpublished });
  } finally {
    await platform.release(log);
  }
}

function verdict(input: {
  started: number;
  options: ChaosOptions;
  faults: FaultOutcome[];
  waves: LoadSummary[];
  dead: string[];
  unpublished: Record<string, number>;
}): ChaosResult {
  const { faults, waves } = input;
  const sum = (pick: (wave: LoadSummary) => number): number => waves.reduce((total, wave) => total + pick(wave), 0);
  const invariant = (wave: LoadSummary, prefix: string): InvariantResult | undefined =>
    wave.invariants.find((candidate) => candidate.name.startsWith(prefix));
  const requests = sum((wave) => wave.requests.total - wave.requests.retried);
  const errors = sum((wave) => wave.requests.failed);
  // A request in flight while a process was killed or its database connection terminated may fail.
  const crashWindows = faults.filter((fault) => CRASHES.has(fault.fault));
  const inFlightDuring = (request: RequestRecord, fault: FaultOutcome): boolean =>
    request.at !== undefined && request.at <= fault.endedAt && request.at + request.ms >= fault.startedAt;
  const errorsDuringCrashes = sum(
    (wave) =>
      wave.failedRequests.filter((request) => crashWindows.some((fault) => inFlightDuring(request, fault))).length,
  );
  const unpublished = Object.values(input.unpublished).reduce((total, count) => total + count, 0);
  const lostEvents =
    sum((wave) => problemCount(invariant(wave, 'progress')) + problemCount(invariant(wave, 'every cover'))) +
    input.dead.length +
    unpublished;
  const journeysAtFull = sum((wave) => wave.learnersAtFull + wave.journeys.instructor.done);
  const journeysPlanned = sum((wave) => wave.journeys.learner.planned + wave.journeys.instructor.planned);
  const broken = [
    ...faults.filter((fault) => fault.problem).map((fault) => `${fault.fault} ${fault.target}: ${fault.problem}`),
    ...waves.flatMap((wave, index) =>
      wave.invariants
        .filter((candidate) => !candidate.ok)
        .flatMap((candidate) =>
          candidate.problems.map((problem) => `wave ${index + 1}, ${candidate.name}: ${problem}`),
        ),
    ),
    ...input.dead,
    ...Object.entries(input.unpublished)
      .filter(([, count]) => count > 0)
      .map(([database, count]) => `${database}: ${count} event(s) still in the outbox after the settle window`),
  ];
  if (journeysAtFull < journeysPlanned) broken.push(`${journeysPlanned - journeysAtFull} journey(s) not at 100 %`);
  const summaryLine = `${requests} requests, ${errors} errors, ${lostEvents} lost events, ${journeysAtFull} journeys at exactly 100 %`;
  return {
    startedAt: new Date(input.started).toISOString(),
    durationMs: Date.now() - input.started,
    requests,
    errors,
    errorsDuringCrashes,
    lostEvents,
    journeysAtFull,
    journeysPlanned,
    faults,
    waves,
    broken,
    summaryLine,
    ok: broken.length === 0 && errors === 0 && lostEvents === 0,
  };
}
