// Command line and environment of `npm run load`. Every option has a flag and an env variable
// (flags win); passwords come from the environment only, so they never show in `ps`.
import { PLATFORM_DEAD_LETTER_QUEUES } from './dead-letters';

export interface LoadOptions {
  readonly baseUrl: string;
  /** maildev's REST API, …/api/email. */
  readonly mailApi: string;
  /** Null: the dead-letter check is off. */
  readonly amqpUrl: string | null;
  readonly deadLetterQueues: string[];
  readonly learners: number;
  readonly instructors: number;
  /** Learner journeys in flight at once. */
  readonly concurrency: number;
  readonly requestTimeoutMs: number;
  readonly mailTimeoutMs: number;
  readonly coverTimeoutMs: number;
  readonly propagationTimeoutMs: number;
  /** The whole run, journeys and checks; then everything still running is stopped. */
  readonly deadlineMs: number;
  /** After the journeys, how long to watch the DLQs (a failing message reaches them after its retries). */
  readonly settleMs: number;
  readonly adminEmail: string;
  readonly adminPassword: string;
  /** Set: instructors sign in with this existing instructor account instead of signing up. */
  readonly instructorEmail?: string;
  readonly instructorPassword: string;
  /** Write the summary to this JSON file. */
  readonly out?: string;
  /** Write the summary to bench/results/load-<date>.json. */
  readonly record: boolean;
}

interface OptionSpec {
  readonly flag: string;
  readonly env: string;
  readonly fallback: string;
  readonly help: string;
}

const SPECS = {
  baseUrl: { flag: '--base-url', env: 'LOAD_BASE_URL', fallback: 'http://localhost:8080', help: 'platform ingress' },
  mailUrl: {
    flag: '--mail-url',
    env: 'LOAD_MAIL_URL',
    fallback: 'http://localhost:1080',
    help: 'mail catcher (maildev; its REST API is <url>/api/email)',
  },
  amqpUrl: {
    flag: '--amqp-url',
    env: 'LOAD_AMQP_URL',
    fallback: 'amqp://guest:guest@127.0.0.1:5672',
    help: "the platform's RabbitMQ (vhost in the path), to read the dead-letter queues",
  },
  dlq: {
    flag: '--dlq',
    env: 'LOAD_DLQ',
    fallback: PLATFORM_DEAD_LETTER_QUEUES.join(','),
    help: 'dead-letter queues to watch, comma-separated',
  },
  learners: { flag: '--learners', env: 'LOAD_LEARNERS', fallback: '20', help: 'learner journeys (1..5000)' },
  instructors: { flag: '--instructors', env: 'LOAD_INSTRUCTORS', fallback: '2', help: 'instructor journeys (1..100)' },
  concurrency: { flag: '--concurrency', env: 'LOAD_CONCURRENCY', fallback: '10', help: 'learner journeys at once' },
  requestTimeout: { flag: '--request-timeout-ms', env: 'LOAD_REQUEST_TIMEOUT_MS', fallback: '30000', help: '' },
  mailTimeout: { flag: '--mail-timeout-ms', env: 'LOAD_MAIL_TIMEOUT_MS', fallback: '30000', help: '' },
  coverTimeout: {
    flag: '--cover-timeout-ms',
    env: 'LOAD_COVER_TIMEOUT_MS',
    fallback: '60000',
    help: 'upload accepted → coverSmallUrl in the course',
  },
  propagationTimeout: {
    flag: '--propagation-timeout-ms',
    env: 'LOAD_PROPAGATION_TIMEOUT_MS',
    fallback: '30000',
    help: 'publish → progress knows the course',
  },
  deadline: { flag: '--deadline-ms', env: 'LOAD_DEADLINE_MS', fallback: '600000', help: 'the whole run' },
  settle: {
    flag: '--settle-ms',
    env: 'LOAD_SETTLE_MS',
    fallback: '16000',
    help: 'DLQ watch after the journeys (default retry ladder 1+2+4+8 s)',
  },
  adminEmail: {
    flag: '--admin-email',
    env: 'LOAD_ADMIN_EMAIL',
    fallback: 'admin@demo.local',
    help: 'grants new instructors their role (password: LOAD_ADMIN_PASSWORD)',
  },
  instructorEmail: {
    flag: '--instructor-email',
    env: 'LOAD_INSTRUCTOR_EMAIL',
    fallback: '',
    help: 'use this instructor account instead (password: LOAD_INSTRUCTOR_PASSWORD)',
  },
  out: { flag: '--out', env: 'LOAD_OUT', fallback: '', help: 'write the summary as JSON to this file' },
} satisfies Record<string, OptionSpec>;

const SWITCHES = {
  record: '--record',
  noDeadLetterCheck: '--no-dead-letter-check',
  help: '--help',
};

export function usage(): string {
  const lines = Object.values(SPECS).map(
    (spec) => `  ${`${spec.flag} <v>`.padEnd(30)} ${spec.env.padEnd(28)} ${spec.fallback || '(unset)'}  ${spec.help}`,
  );
  return [
    'npm run load -- [options]: simulated learners and instructors through the whole journey; exit 1 if an invariant breaks',
    '',
    `  ${'flag'.padEnd(30)} ${'env'.padEnd(28)} default`,
    ...lines,
    `  ${SWITCHES.record.padEnd(30)} ${''.padEnd(28)} write bench/results/load-<date>.json`,
    `  ${SWITCHES.noDeadLetterCheck.padEnd(30)} ${''.padEnd(28)} do not read the dead-letter queues`,
    '',
    'Passwords (environment only): LOAD_ADMIN_PASSWORD, LOAD_INSTRUCTOR_PASSWORD, default DEMO_PASSWORD or the demo default.',
  ].join('\n');
}

export class OptionsError extends Error {}

function integer(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new OptionsError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function httpUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OptionsError(`${name} is not a URL: "${raw}"`);
  }
  if (!['http:', 'https:'].includes(url.protocol)) throw new OptionsError(`${name} must be http(s): "${raw}"`);
  return raw.replace(/\/+$/, '');
}

/** Options from `argv` (flags after the script name) and `env`; throws OptionsError with what is wrong. */
export function parseLoadOptions(argv: string[], env: NodeJS.ProcessEnv): LoadOptions & { help: boolean } {
  const given = new Map<string, string>();
  const switches = new Set<string>();
  const known = new Map(Object.entries(SPECS).map(([key, spec]) => [spec.flag, key]));
  for (let index = 0; index < argv.length; index++) {
    const [flag, inline] = argv[index].split(/=(.*)/s, 2);
    if (Object.values(SWITCHES).includes(flag)) {
      switches.add(flag);
      continue;
    }
    const key = known.get(flag);
    if (!key) throw new OptionsError(`unknown option ${flag} (--help lists them)`);
    const value = inline ?? argv[++index];
    if (value === undefined) throw new OptionsError(`${flag} needs a value`);
    given.set(key, value);
  }
  const value = (key: keyof typeof SPECS): string => given.get(key) ?? (env[SPECS[key].env] || SPECS[key].fallback);
  const demoPassword = env.DEMO_PASSWORD || 'demo-password-123';
  const amqpUrl = value('amqpUrl');
  if (!/^amqps?:\/\//.test(amqpUrl)) throw new OptionsError(`--amqp-url must be amqp(s)://, got "${amqpUrl}"`);
  return {
    help: switches.has(SWITCHES.help),
    baseUrl: httpUrl('--base-url', value('baseUrl')),
    mailApi: `${httpUrl('--mail-url', value('mailUrl'))}/api/email`,
    amqpUrl: switches.has(SWITCHES.noDeadLetterCheck) ? null : amqpUrl,
    deadLetterQueues: value('dlq')
      .split(',')
      .map((queue) => queue.trim())
      .filter(Boolean),
    learners: integer('--learners', value('learners'), 1, 5000),
    instructors: integer('--instructors', value('instructors'), 1, 100),
    concurrency: integer('--concurrency', value('concurrency'), 1, 500),
    requestTimeoutMs: integer('--request-timeout-ms', value('requestTimeout'), 100, 600_000),
    mailTimeoutMs: integer('--mail-timeout-ms', value('mailTimeout'), 100, 600_000),
    coverTimeoutMs: integer('--cover-timeout-ms', value('coverTimeout'), 100, 600_000),
    propagationTimeoutMs: integer('--propagation-timeout-ms', value('propagationTimeout'), 100, 600_000),
    deadlineMs: integer('--deadline-ms', value('deadline'), 1000, 3_600_000),
    settleMs: integer('--settle-ms', value('settle'), 0, 600_000),
    adminEmail: value('adminEmail'),
    adminPassword: env.LOAD_ADMIN_PASSWORD || demoPassword,
    instructorEmail: value('instructorEmail') || undefined,
    instructorPassword: env.LOAD_INSTRUCTOR_PASSWORD || demoPassword,
    out: value('out') || undefined,
    record: switches.has(SWITCHES.record),
  };
}
