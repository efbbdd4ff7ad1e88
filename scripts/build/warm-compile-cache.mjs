// Fills Node's module compile cache (NODE_COMPILE_CACHE) for a service's bundles, so that a process
// started later reads V8's code for its bundle instead of compiling it (bench/README.md has the
// figures). The images run it at build time, as the user their pods run as: Node keeps one cache per
// uid, and the pods only read it.
// Each bundle is started without any configuration, so it loads and compiles every module it
// requires at start and then stops at its configuration check, connecting to nothing.
// `node scripts/build/warm-compile-cache.mjs <service folder>`; exits 1 if nothing was cached.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const WARM_UP_TIMEOUT_MS = 60_000;

const cacheDir = process.env.NODE_COMPILE_CACHE;
const serviceDir = resolve(process.argv[2] ?? '.');
if (!cacheDir) {
  console.error('warm-compile-cache: set NODE_COMPILE_CACHE to the cache folder');
  process.exit(2);
}
const bundles = existsSync(join(serviceDir, 'dist'))
  ? readdirSync(join(serviceDir, 'dist')).filter((file) => file.endsWith('.bundle.js'))
  : [];
if (bundles.length === 0) {
  console.error(`warm-compile-cache: no dist/*.bundle.js in ${serviceDir}: run npm run build first`);
  process.exit(2);
}

const cachedFiles = () =>
  existsSync(cacheDir)
    ? readdirSync(cacheDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length
    : 0;

for (const bundle of bundles) {
  const before = cachedFiles();
  // Only what decides how V8 compiles and where the cache goes: no service configuration reaches it.
  const env = { PATH: process.env.PATH, NODE_ENV: 'production', NODE_COMPILE_CACHE: cacheDir };
  if (process.env.NODE_OPTIONS) env.NODE_OPTIONS = process.env.NODE_OPTIONS;
  const run = spawnSync(process.execPath, [join('dist', bundle)], {
    cwd: serviceDir,
    env,
    stdio: 'ignore',
    timeout: WARM_UP_TIMEOUT_MS,
  });
  if (run.error) throw run.error;
  console.log(`warm-compile-cache: dist/${bundle}: ${cachedFiles() - before} entries written to ${cacheDir}`);
}
if (cachedFiles() === 0) {
  console.error(`warm-compile-cache: nothing was cached in ${cacheDir}`);
  process.exit(1);
}
