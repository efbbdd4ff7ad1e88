import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BACKEND_SERVICE_NAMES, managementPortOf, operationalPath } from '@platform/contracts';
import { type RunningPlatform, startPlatformProcess } from '@platform/testing';
import { parseLoadOptions } from '../../bench/load/load-options';
import { formatReport } from '../../bench/load/report';
import { runLoad } from '../../bench/load/run-load';

const CONTRACT_SMOKE = join(__dirname, '..', '..', '..', 'shared', 'contract-smoke.mjs');

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
      portOffset: 30_000,
      env: { LOGIN_RATE_LIMIT: '100', SIGNUP_RATE_LIMIT: '100' },
    });
    // Building nothing, but migrating four databases, seeding through the public API and waiting for
    // every process to be ready: well past Jest's default on a busy two-core machine (as the browser
    // journeys allow too).
  }, 300_000);

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
});
