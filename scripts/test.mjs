#!/usr/bin/env node
// `npm test`: every check CI runs, in order of cost: lint, formatting, build, type check (benchmarks
// compile against the built libs), then all
// Jest projects (unit, integration against the real PostgreSQL/RabbitMQ/SMTP/S3, infrastructure
// synthesis). Ends with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: process.env.CI ? '0' : '1' };
const only = process.argv.slice(2);

function step(title, command, args) {
  console.log(`\n── ${title}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  console.log(
    `── ${title}: ${result.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  return result.status === 0;
}

/** A project folder with no TypeScript yet (a new benchmark folder) has nothing to check. */
function hasTypeScript(folder) {
  if (folder === root) return true;
  return readdirSync(folder, { recursive: true }).some(
    (file) => /\.tsx?$/.test(file) && !String(file).includes('node_modules'),
  );
}

const typecheckTargets = [
  'tsconfig.json',
  'cdk8s/tsconfig.json',
  'pulumi/tsconfig.json',
  'services/web/tsconfig.json',
  'bench/tsconfig.json',
].filter((file) => existsSync(join(root, file)) && hasTypeScript(join(root, dirname(file))));

const checks = [
  ['lint', () => step('lint', 'npm', ['run', 'lint', '--silent'])],
  ['format', () => step('format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn'])],
  ['build', () => step('build', 'npm', ['run', 'build', '--silent'])],
  [
    'typecheck',
    () => typecheckTargets.every((target) => step(`typecheck ${target}`, 'npx', ['tsc', '-p', target, '--noEmit'])),
  ],
];

let failed = false;
for (const [name, run] of checks) {
  if (only.length > 0 && !only.includes(name)) continue;
  if (!run()) failed = true;
}

let passed = 0;
let failedTests = 0;
if (only.length === 0 || only.includes('jest')) {
  mkdirSync(join(root, 'test-output'), { recursive: true });
  const report = join(root, 'test-output', 'jest.json');
  const ok = step('tests (unit, integration, infra)', 'npx', [
    'jest',
    '--ci',
    '--maxWorkers=2',
    '--json',
    `--outputFile=${report}`,
  ]);
  if (!ok) failed = true;
  if (existsSync(report)) {
    const results = JSON.parse(readFileSync(report, 'utf8'));
    passed = results.numPassedTests;
    failedTests = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
  }
}

console.log(`\n${failed ? 'npm test FAILED' : 'npm test passed'}`);
console.log(`${passed} passed, ${failedTests} failed`);
process.exit(failed ? 1 : 0);
