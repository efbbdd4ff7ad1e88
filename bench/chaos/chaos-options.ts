// Command line of `npm run chaos`: a platform of its own (replicas, loopback ports), or a running
// `npm start` (--attach), under the load's journeys while every fault is injected in turn. Bounded:
// the whole run stops at --deadline-ms.
import { OptionsError } from '../load/load-options';

export const FAULTS = ['roll', 'kill', 'worker', 'broker', 'database'] as const;
export type Fault = (typeof FAULTS)[number];

export interface ChaosOptions {
  /** Run against a running `npm start` over its control socket instead of starting a platform. */
  readonly attach: boolean;
  /** The control socket to attach to (default: `.platform/control/platform.sock`, or under PLATFORM_STATE_DIR). */
  readonly controlSocket?: string;
  readonly replicas: number;
  readonly learners: number;
  readonly instructors: number;
  readonly concurrency: number;
  readonly rounds: number;
  readonly faults: readonly Fault[];
  /** Added to every default port of the platform (and TEST_PORT_SHIFT), away from a developer's `npm start`. */
  readonly portOffset: number;
  /** The whole run, start-up included; whatever still runs then is stopped and counts as broken. */
  readonly deadlineMs: number;
  /** How long the broker stays cut off. */
  readonly brokerOutageMs: number;
  readonly out?: string;
  readonly record: boolean;
  readonly help: boolean;
}

const DEFAULTS = {
  replicas: 2,
  learners: 6,
  instructors: 2,
  concurrency: 3,
  rounds: 1,
  portOffset: 20_000,
  deadlineMs: 600_000,
  brokerOutageMs: 3000,
};

export function chaosUsage(): string {
  return [
    'npm run chaos -- [options]: runs the load generator’s learner and instructor journeys against a platform',
    'while it injects, in turn, each fault of --faults. The platform is one of its own (loopback ports, its own',
    'databases and RabbitMQ virtual host, --replicas processes of each service and worker, removed at the end),',
    'or, with --attach, the `npm start` running from this checkout, reached over its control socket (a Unix',
    'socket in its state folder, .platform/control/platform.sock, mode 0600; no TCP port). Start that one with',
    '  SIGNUP_RATE_LIMIT=1000 LOGIN_RATE_LIMIT=1000 npm start -- --replicas 2',
    '(two or more processes of each service; without the lifted limits sign-ups wait out 429s).',
    '  roll      rolls every service and the worker (new process, ready, then SIGTERM to an old one)',
    '  kill      SIGKILLs one replica of each service while it serves a request (it is started again)',
    '  worker    SIGKILLs the media workers right after a cover upload completes (mid-image)',
    '  broker    cuts every RabbitMQ connection for --broker-outage-ms: the platform reaches RabbitMQ',
    '            through a TCP proxy of its own, so the machine’s shared RabbitMQ is never restarted',
    '  database  terminates the PostgreSQL backends of the platform’s own databases only (pg_terminate_backend)',
    'Clients retry idempotent requests (GET/HEAD/PUT/DELETE or with an Idempotency-Key) on no answer/502/503.',
    'Prints `N requests, E errors, L lost events, P journeys at exactly 100 %`; exit 1 listing what broke.',
    '',
    '  --attach                run against the running `npm start` (exit 2 if none answers)',
    '  --control-socket <path> its control socket, if not the default one (implies --attach)',
    `  --replicas <n>          ${DEFAULTS.replicas}     processes of each service and worker (2..4; own platform only)`,
    `  --learners <n>          ${DEFAULTS.learners}     learner journeys per load wave (waves repeat until the faults are done)`,
    `  --instructors <n>       ${DEFAULTS.instructors}     instructor journeys per wave`,
    `  --concurrency <n>       ${DEFAULTS.concurrency}     learner journeys at once`,
    `  --rounds <n>            ${DEFAULTS.rounds}     rounds of every fault`,
    `  --faults <list>         ${FAULTS.join(',')}`,
    `  --port-offset <n>       ${DEFAULTS.portOffset} added to every default port (plus TEST_PORT_SHIFT; own platform only)`,
    `  --deadline-ms <n>       ${DEFAULTS.deadlineMs} the whole run (60000..1800000)`,
    `  --broker-outage-ms <n>  ${DEFAULTS.brokerOutageMs}`,
    '  --out <file>            write the result as JSON',
    '  --record                write bench/results/chaos-<date>.json',
    '  --help',
    '',
    'Needs the build (`npm run chaos` builds first), PostgreSQL and RabbitMQ as for `npm test`.',
  ].join('\n');
}

function integer(flag: string, raw: string | undefined, min: number, max: number): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isInteger(value) || value < min || value > max) {
    throw new OptionsError(`${flag} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function parseChaosOptions(argv: string[]): ChaosOptions {
  const given = new Map<string, string>();
  const switches = new Set<string>();
  for (let index = 0; index < argv.length; index++) {
    const [flag, inline] = argv[index].split(/=(.*)/s, 2);
    if (flag === '--record' || flag === '--help' || flag === '--attach') {
      switches.add(flag);
      continue;
    }
    const value = inline ?? argv[++index];
    if (value === undefined) throw new OptionsError(`${flag} needs a value`);
    given.set(flag, value);
  }
  const known = [
    '--replicas',
    '--learners',
    '--instructors',
    '--concurrency',
    '--rounds',
    '--faults',
    '--port-offset',
    '--deadline-ms',
    '--broker-outage-ms',
    '--out',
    '--control-socket',
  ];
  for (const flag of given.keys()) if (!known.includes(flag)) throw new OptionsError(`unknown option ${flag}`);
  const number = (flag: string, fallback: number, min: number, max: number): number =>
    integer(flag, given.get(flag) ?? String(fallback), min, max);
  const faults = (given.get('--faults') ?? FAULTS.join(','))
    .split(',')
    .map((fault) => fault.trim())
    .filter(Boolean);
  for (const fault of faults) {
    if (!(FAULTS as readonly string[]).includes(fault)) throw new OptionsError(`unknown fault "${fault}" (${FAULTS})`);
  }
  const attach = switches.has('--attach') || given.has('--control-socket');
  for (const flag of ['--replicas', '--port-offset']) {
    if (attach && given.has(flag))
      throw new OptionsError(`${flag} applies to a platform of its own, not with --attach`);
  }
  return {
    attach,
    controlSocket: given.get('--control-socket'),
    replicas: number('--replicas', DEFAULTS.replicas, 2, 4),
    learners: number('--learners', DEFAULTS.learners, 1, 500),
    instructors: number('--instructors', DEFAULTS.instructors, 1, 20),
    concurrency: number('--concurrency', DEFAULTS.concurrency, 1, 50),
    rounds: number('--rounds', DEFAULTS.rounds, 1, 10),
    faults: faults as Fault[],
    portOffset: number('--port-offset', DEFAULTS.portOffset, 1000, 24_000),
    deadlineMs: number('--deadline-ms', DEFAULTS.deadlineMs, 60_000, 1_800_000),
    brokerOutageMs: number('--broker-outage-ms', DEFAULTS.brokerOutageMs, 100, 60_000),
    out: given.get('--out'),
    record: switches.has('--record'),
    help: switches.has('--help'),
  };
}
