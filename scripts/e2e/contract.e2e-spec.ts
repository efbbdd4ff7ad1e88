import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningPlatform, startPlatformProcess } from '@platform/testing';

const CONTRACT_SMOKE = join(__dirname, '..', '..', '..', 'shared', 'contract-smoke.mjs');

/**
 * The whole platform as `npm start` runs it (every service and the worker as processes, the dev
 * ingress, the embedded mail catcher and object store), walked over plain HTTP through the public
 * contract by the team's shared contract smoke.
 */
describe('platform end to end over HTTP', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatformProcess({ portOffset: 30_000 });
  });

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
});
