import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BACKEND_SERVICE_NAMES,
  managementPortOf,
  MEDIA_WORKER,
  type MetricsExporter,
  operationalPath,
  PLATFORM_METRICS,
} from '@platform/contracts';
import { type RunningPlatform, startPlatformProcess, waitFor } from '@platform/testing';
import { formatReport, parseLoadOptions, runLoad } from '@platform/bench';

const CONTRACT_SMOKE = join(__dirname, '..', '..', '..', 'shared', 'contract-smoke.mjs');
const MIB = 1024 * 1024;
// Beside the other platform tests' ports (10,000 and chaos's 20,000: their ports interleave, none
// shared), and below the kernel's ephemeral range, where any outgoing connection may hold a port.
const PORT_OFFSET = 15_000;

/** The pid of the embedded stand-in (`embedded-server.mjs <kind>`) listening on `port`, from /proc. */
function embeddedServerPid(kind: 'object-store' | 'mail-catcher', portArgument: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    if (argv.some((arg) => arg.endsWith('embedded-server.mjs')) && argv.includes(kind) && argv.includes(portArgument))
      return Number(entry);
  }
  return undefined;
}

/** The machine's listening TCP sockets, from the kernel's own tables (no traffic sent). */
function listeningSockets(): Array<{ address: string; port: number }> {
  const LISTEN = '0A';
  return ['/proc/net/tcp', '/proc/net/tcp6']
    .filter((file) => existsSync(file))
    .flatMap((file) => readFileSync(file, 'utf8').trim().split('\n').slice(1))
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === LISTEN)
    .map((fields) => {
      const [hexAddress, hexPort] = fields[1].split(':');
      // IPv4 as little-endian hex (0100007F is 127.0.0.1); IPv6 kept as hex (all zeros: every interface).
      const address =
        hexAddress.length === 8
          ? (hexAddress.match(/../g) ?? [])
              .reverse()
              .map((byte) => parseInt(byte, 16))
              .join('.')
          : hexAddress;
      return { address, port: parseInt(hexPort, 16) };
    });
}

/**
 * The whole platform as `npm start` runs it (every service and the worker as processes, the dev
 * ingress, the embedded mail catcher and object store), walked over plain HTTP through the public
 * contract by the team's shared contract smoke, then put under a small load by `npm run load`'s
 * generator (one platform start for both: it is the expensive part).
 */
describe('platform end to end over HTTP', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    // The load signs up and signs in a handful of accounts from one address within a minute: lift
    // identity's per-address limits (10 a minute) so the test measures the journeys, not the limiter.
    platform = await startPlatformProcess({
      portOffset: PORT_OFFSET,
      // The edge's body limit above the services' (1 MiB), so both refusals can be seen through it.
      env: { LOGIN_RATE_LIMIT: '100', SIGNUP_RATE_LIMIT: '100', INGRESS_BODY_LIMIT_BYTES: String(2 * MIB) },
    });
    // Building nothing, but migrating four databases, seeding through the public API and waiting for
    // every process to be ready: well past Jest's default on a busy two-core machine (as the browser
    // journeys allow too).
  }, 420_000);

  afterAll(() => platform?.stop());

  (existsSync(CONTRACT_SMOKE) ? it : it.skip)(
    'passes every step of the public contract smoke through the ingress',
    () => {
      const run = spawnSync(process.execPath, [CONTRACT_SMOKE], {
        env: {
          ...process.env,
          PLATFORM_URL: platform.url,
          MAIL_URL: platform.mailApi.replace(/\/api\/email$/, ''),
          DEMO_PASSWORD: platform.demoPassword,
        },
        encoding: 'utf8',
        timeout: 120_000,
      });
      const output = `${run.stdout}${run.stderr}`;
      expect(output).toMatch(/contract smoke: \d+ passed, 0 failed/);
      expect(output).not.toMatch(/^skip/m);
      expect(run.status).toBe(0);
    },
  );

  it('answers bodies over the limit with 413 through the ingress: the service’s own, and the edge’s', async () => {
    const post = (path: string, body: string | ReadableStream, headers: Record<string, string> = {}) =>
      fetch(`${platform.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        duplex: 'half',
      } as RequestInit);
    const refused = async (response: Response) => ({ status: response.status, body: await response.json() });
    const tooLarge = { statusCode: 413, error: 'Payload Too Large', message: expect.any(String) };
    // Over the service's limit, under the edge's: the service drains the body, so its 413 passes through.
    const overService = JSON.stringify({ email: 'a@example.test', password: 'x'.repeat(1.5 * MIB) });
    for (const path of ['/api/identity/login', '/api/identity/register', '/api/catalog/courses']) {
      expect(await refused(await post(path, overService))).toEqual({ status: 413, body: tooLarge });
    }
    // Over the edge's own limit: refused there, by length or while a chunked body streams in.
    const overEdge = await refused(await post('/api/identity/login', 'x'.repeat(3 * MIB)));
    expect(overEdge).toEqual({
      status: 413,
      body: { ...tooLarge, message: `Request body is larger than allowed (${2 * MIB} bytes)` },
    });
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 48; i++) controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
        controller.close();
      },
    });
    expect(await refused(await post('/api/identity/login', chunks))).toEqual({
      status: 413,
      body: expect.objectContaining({ statusCode: 413 }),
    });
    // And the platform is still whole.
    const login = await post(
      '/api/identity/login',
      JSON.stringify({ email: 'learner@demo.local', password: platform.demoPassword }),
    );
    expect(login.status).toBe(200);
  });

  it('listens on loopback only: service ports are never reachable from the network', () => {
    const services = Object.values(platform.servicePorts);
    const ports = [Number(new URL(platform.url).port), ...services, ...services.map(managementPortOf)];
    const listening = listeningSockets().filter((socket) => ports.includes(socket.port));
    expect(new Set(listening.map((socket) => socket.port))).toEqual(new Set(ports));
    expect(listening.filter((socket) => socket.address !== '127.0.0.1')).toEqual([]);
  });

  // bench/README.md: what start-up grew of V8's heap is given back once the process is ready.
  it.each([...BACKEND_SERVICE_NAMES, MEDIA_WORKER.name])(
    '%s: gives back its start-up memory once ready',
    async (name) => {
      const line = await waitFor(`${name} to release its start-up memory`, async () =>
        readFileSync(join(platform.logDir, `${name}.log`), 'utf8')
          .split('\n')
          .find((entry) => entry.includes('start-up memory released')),
      );
      const [, before, after, bytecodeBefore, bytecodeAfter] =
        /V8 heap ([\d.]+) → ([\d.]+) MiB, bytecode ([\d.]+) → ([\d.]+) MiB/.exec(line) ?? [];
      expect(Number(after)).toBeGreaterThan(0);
      expect(Number(after)).toBeLessThan(Number(before));
      // Most code runs once at start-up (modules' top level, Nest's and MikroORM's set-up).
      expect(Number(bytecodeAfter)).toBeGreaterThan(0);
      expect(Number(bytecodeAfter)).toBeLessThan(Number(bytecodeBefore) / 2);
    },
  );

  // DESIGN.md "Operational endpoints": never through an ingress in clusters; locally the dev ingress
  // shows health (the contract smoke probes it) and OpenAPI, never metrics; each service's public
  // port serves none of them, its management port all of them.
  it.each(BACKEND_SERVICE_NAMES)('%s: operational endpoints on the management port only', async (name) => {
    const status = async (url: string) => (await fetch(url)).status;
    expect(await status(`${platform.url}${operationalPath(name, 'metrics')}`)).toBe(404);
    expect(await status(`${platform.url}${operationalPath(name, 'ready')}`)).toBe(200);
    expect(await status(`${platform.url}${operationalPath(name, 'docs')}`)).toBe(200);
    const publicPort = `http://127.0.0.1:${platform.servicePorts[name]}`;
    const managementPort = `http://127.0.0.1:${managementPortOf(platform.servicePorts[name])}`;
    for (const kind of ['metrics', 'ready', 'live', 'docs'] as const) {
      expect({ kind, status: await status(`${publicPort}${operationalPath(name, kind)}`) }).toEqual({
        kind,
        status: 404,
      });
      expect({ kind, status: await status(`${managementPort}${operationalPath(name, kind)}`) }).toEqual({
        kind,
        status: 200,
      });
    }
  });

  it('keeps every invariant under the load generator (3 learners, 1 instructor)', async () => {
    const options = parseLoadOptions(
      [
        ...['--base-url', platform.url, '--mail-url', platform.mailApi.replace(/\/api\/email$/, '')],
        ...['--amqp-url', platform.amqpUrl, '--learners', '3', '--instructors', '1', '--concurrency', '3'],
      ],
      { DEMO_PASSWORD: platform.demoPassword },
    );
    const summary = await runLoad(options);
    const broken = summary.invariants.filter((invariant) => !invariant.ok);
    if (broken.length > 0) console.error(formatReport(summary));
    expect(broken).toEqual([]);
    expect(summary.journeys).toEqual({
      instructor: { planned: 1, done: 1, failed: 0 },
      learner: { planned: 3, done: 3, failed: 0 },
    });
    // The run really went through the journey and really read the dead-letter queues.
    expect(summary.steps.find((step) => step.step === 'learner.pass-quiz')).toMatchObject({ count: 3, failed: 0 });
    expect(summary.steps.find((step) => step.step === 'instructor.cover-loads')).toMatchObject({ count: 1 });
    expect(summary.invariants.map((invariant) => invariant.name)).toContain('no message dead-lettered');
    expect(summary.requests.status5xx).toBe(0);
  }, 180_000);

  it("shows the traces of the journeys in npm start's trace view: a lesson completed, a cover through the worker", async () => {
    interface Span {
      traceId: string;
      spanId: string;
      parentSpanId?: string;
      name: string;
      service: string;
    }
    const traces = (await (await fetch(`${platform.tracesUrl}/api/traces`)).json()) as Array<{ traceId: string }>;
    const spansOf = async (traceId: string): Promise<Span[]> =>
      (await fetch(`${platform.tracesUrl}/api/traces/${traceId}`)).json() as Promise<Span[]>;
    const find = async (predicate: (spans: Span[]) => boolean): Promise<Span[] | undefined> => {
      for (const { traceId } of traces) {
        const spans = await spansOf(traceId);
        if (predicate(spans)) return spans;
      }
      return undefined;
    };
    const has = (spans: Span[], service: string, name: string): boolean =>
      spans.some((span) => span.service === service && span.name === name);

    // Through the dev ingress into progress: the request, its handler and its queries in one trace.
    const complete = await find((spans) => has(spans, 'progress', 'POST /api/progress/lessons/:id/complete'));
    expect(complete).toBeDefined();
    expect(complete!.some((span) => span.service === 'dev-ingress')).toBe(true);
    expect(
      complete!.some((span) => span.service === 'progress' && /^pg\.query|^(insert|select|update)/i.test(span.name)),
    ).toBe(true);
    const page = await fetch(`${platform.tracesUrl}/traces/${complete![0].traceId}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('POST /api/progress/lessons/:id/complete');

    // media's upload → the worker's variants → catalog taking the ready cover, one trace.
    const cover = await find((spans) => has(spans, 'media-worker', 'process media.image.uploaded'));
    expect(cover).toBeDefined();
    expect(has(cover!, 'media', 'POST /api/media/uploads/:id/complete')).toBe(true);
    // Published by whichever relay of media took the worker's outbox row: the app's or the worker's.
    expect(
      cover!.some((span) => span.service.startsWith('media') && span.name === 'publish media.image.processed'),
    ).toBe(true);
    expect(has(cover!, 'catalog', 'process media.image.processed')).toBe(true);
  });

  it('exports from every process each metric the dashboards and alerts may query (PLATFORM_METRICS)', async () => {
    const missing: string[] = [];
    for (const [process, url] of Object.entries(platform.metricsUrls) as Array<[MetricsExporter, string]>) {
      const scrape = await (await fetch(url)).text();
      const typed = new Map([...scrape.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((match) => [match[1], match[2]]));
      for (const metric of Object.values(PLATFORM_METRICS)) {
        if (!metric.exportedBy.includes(process)) continue;
        if (typed.get(metric.name) !== metric.type) missing.push(`${process}: ${metric.name} (${metric.type})`);
      }
    }
    expect(missing).toEqual([]);
  });

  // Last: it kills pieces of the platform. s3rver once took the whole `npm start` process down.
  it('survives crashes of its embedded object store and mail catcher: each comes back, the ingress answers throughout', async () => {
    const shift = PORT_OFFSET + Number(process.env.TEST_PORT_SHIFT ?? 0);
    const s3 = `http://127.0.0.1:${4569 + shift}`;
    const pieces = [
      { kind: 'object-store' as const, port: `--port=${4569 + shift}`, probe: `${s3}/` },
      { kind: 'mail-catcher' as const, port: `--web-port=${1080 + shift}`, probe: platform.mailApi },
    ];
    const answers: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        answers.push((await fetch(`${platform.url}/api/catalog/courses`).catch(() => ({ status: 0 }))).status);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    try {
      for (const { kind, port, probe } of pieces) {
        const crashed = embeddedServerPid(kind, port);
        expect(crashed).toBeDefined();
        process.kill(crashed!, 'SIGKILL');
        await waitFor(
          `${kind} to run again`,
          async () => {
            const pid = embeddedServerPid(kind, port);
            return pid && pid !== crashed && (await fetch(probe)).status < 500 ? pid : undefined;
          },
          30_000,
        );
      }
    } finally {
      polling = false;
      await poller;
    }
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.filter((status) => status !== 200)).toEqual([]);
    expect(platform.output()).toMatch(/object-store stopped \(SIGKILL\); starting it again/);

    // The store serves uploads again: an instructor's cover goes through it.
    const login = await fetch(`${platform.url}/api/identity/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'instructor@demo.local', password: platform.demoPassword }),
    });
    const auth = {
      authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`,
      'content-type': 'application/json',
    };
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const ticket = (await (
      await fetch(`${platform.url}/api/media/uploads`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          filename: 'dot.png',
          contentType: 'image/png',
          size: png.length,
          purpose: 'course-cover',
        }),
      })
    ).json()) as { id: string; uploadUrl: string; headers: Record<string, string> };
    expect((await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body: png })).status).toBe(200);
    const completed = await fetch(`${platform.url}/api/media/uploads/${ticket.id}/complete`, {
      method: 'POST',
      headers: auth,
      body: '{}',
    });
    expect(completed.status).toBe(200);
  });
});
