import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '@platform/testing';

// The images warm Node's compile cache at build time (services/node-service.Dockerfile) with this
// script; a process started later must take V8's code for its bundle from that cache.
const WARM_UP = join(repositoryRoot(), 'scripts/build/warm-compile-cache.mjs');
const PROGRESS = join(repositoryRoot(), 'services/progress');

describe('warm-compile-cache.mjs (the images’ compile cache)', () => {
  let cacheDir: string;

  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'compile-cache-'));
  });

  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('fills the cache from every bundle, and a later start of the bundle uses it', () => {
    const warmUp = spawnSync(process.execPath, [WARM_UP, PROGRESS], {
      env: { PATH: process.env.PATH, NODE_COMPILE_CACHE: cacheDir },
      encoding: 'utf8',
    });
    expect(warmUp.status).toBe(0);
    expect(warmUp.stdout).toMatch(/dist\/main\.bundle\.js: [1-9]\d* entries written/);
    expect(warmUp.stdout).toContain('dist/migrate.bundle.js');

    // Started as the warm-up starts it, without configuration: it stops at its configuration check.
    const start = spawnSync(process.execPath, ['dist/main.bundle.js'], {
      cwd: PROGRESS,
      env: { PATH: process.env.PATH, NODE_COMPILE_CACHE: cacheDir, NODE_DEBUG_NATIVE: 'COMPILE_CACHE' },
      encoding: 'utf8',
    });
    expect(start.stderr).toMatch(/V8 code cache for CommonJS \S+main\.bundle\.js was accepted/);
  });

  it('refuses a folder without bundles, naming the build to run', () => {
    const warmUp = spawnSync(process.execPath, [WARM_UP, cacheDir], {
      env: { PATH: process.env.PATH, NODE_COMPILE_CACHE: cacheDir },
      encoding: 'utf8',
    });
    expect(warmUp.status).toBe(2);
    expect(warmUp.stderr).toContain('run npm run build first');
  });
});
