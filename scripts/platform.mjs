#!/usr/bin/env node
// `npm start`: the whole platform on this machine behind http://localhost:8080 with demo data.
// Ctrl-C stops everything cleanly. `--replicas N` runs N processes of each service and worker.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'node_modules'))) {
  console.log('installing dependencies (npm ci)…');
  if (spawnSync('npm', ['ci'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
}
const { startPlatform } = await import('./platform/start-platform.mjs');
const { seedDemoData } = await import('./platform/demo-data.mjs');
const { MAX_REPLICAS } = await import('./platform/replica-set.mjs');

/** `--replicas N` or `--replicas=N`; 1 without it. */
function replicasArgument(argv) {
  const index = argv.findIndex((arg) => arg === '--replicas' || arg.startsWith('--replicas='));
  if (index < 0) return 1;
  const raw = argv[index].includes('=') ? argv[index].split('=')[1] : argv[index + 1];
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_REPLICAS) {
    console.error(`--replicas must be an integer from 1 to ${MAX_REPLICAS}, got "${raw}"`);
    process.exit(2);
  }
  return value;
}
const replicas = replicasArgument(process.argv.slice(2));

let platform;
// Started by a test with an IPC channel: stop with it if that test process goes away.
let parentGone = false;
if (process.send) process.on('disconnect', () => (platform ? void shutdown('parent gone') : (parentGone = true)));

try {
  platform = await startPlatform({ root, seedDemoData, replicas, build: !process.argv.includes('--no-build') });
} catch (error) {
  console.error(`\n${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

if (parentGone) {
  await platform.stop();
  process.exit(1);
}
const { urls, env, services } = platform;
console.log(`
  Learning platform is up
    web app & API   ${urls.platform}
    API docs        ${services.map((name) => `${urls.platform}/api/${name}/docs`).join('\n                    ')}
    mail inbox      ${urls.mail}
    object store    ${urls.objectStore}
    traces          ${urls.traces ?? 'off (OTEL_SDK_DISABLED=true)'}
    logs            ${platform.logDir}
    control socket  ${platform.controlSocket} (npm run chaos -- --attach)
    replicas        ${replicas} of each service and worker

  Demo accounts (password: ${env.DEMO_PASSWORD})
    admin@demo.local  instructor@demo.local  moderator@demo.local  learner@demo.local

  Press Ctrl-C to stop.
`);

let stopping = false;
const shutdown = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await platform.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
setInterval(() => {
  const failure = platform.failed();
  if (failure && !stopping) {
    stopping = true;
    console.error('a process stopped: shutting the platform down');
    void platform.stop().then(() => process.exit(1));
  }
}, 1000);
