import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICE_ENTRY_POINTS } from '@platform/contracts';
import { repositoryRoot } from '@platform/testing';

// scripts/ops/map-stack-trace.mjs against Node's own source-map support (--enable-source-maps) on a
// stack taken inside a real bundle: the service, started without configuration, prints why it stops,
// and a preload swaps that print for the stack it was called from.
const MAPPER = join(repositoryRoot(), 'scripts/ops/map-stack-trace.mjs');
const STACK_OF_FIRST_ERROR_PRINT = `const print = console.error;
console.error = () => { console.error = print; print(new Error('stack probe').stack); };
`;

function stackInBundle(service: string, preload: string, nodeOptions: string[] = []): string {
  const run = spawnSync(process.execPath, [...nodeOptions, '-r', preload, SERVICE_ENTRY_POINTS.server], {
    cwd: join(repositoryRoot(), 'services', service),
    env: { PATH: process.env.PATH },
    encoding: 'utf8',
  });
  return run.stderr;
}

function mapped(text: string): { stdout: string; stderr: string; status: number | null } {
  const run = spawnSync(process.execPath, [MAPPER], { input: text, encoding: 'utf8', cwd: tmpdir() });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

/** The `file:line:column` of each frame below the preload's own. */
function framePositions(stack: string): string[] {
  return [...stack.matchAll(/^\s+at (?:.*\()?([^()\s]+:\d+:\d+)\)?$/gm)]
    .map((frame) => frame[1])
    .filter((position) => !position.includes('stack-probe'));
}

describe('map-stack-trace', () => {
  let scratch: string;
  let preload: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'map-stack-trace-'));
    preload = join(scratch, 'stack-probe.cjs');
    writeFileSync(preload, STACK_OF_FIRST_ERROR_PRINT);
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(['catalog', 'identity'])('maps a %s bundle frame to where Node’s own source maps put it', (service) => {
    const raw = stackInBundle(service, preload);
    const bundleFrames = framePositions(raw);
    expect(bundleFrames.length).toBeGreaterThan(0);
    expect(bundleFrames.every((position) => /dist\/main\.bundle\.js:\d+:\d+$/.test(position))).toBe(true);

    const byNode = framePositions(stackInBundle(service, preload, ['--enable-source-maps']));
    const result = mapped(raw);

    expect(result.status).toBe(0);
    expect(framePositions(result.stdout).map((position) => join(repositoryRoot(), position))).toEqual(byNode);
    expect(byNode.every((position) => /\.ts:\d+:\d+$/.test(position))).toBe(true);
  });

  it('maps a pod’s path in a JSON log line and leaves the rest of the line as it was', () => {
    const raw = stackInBundle('catalog', preload);
    const [position] = framePositions(raw);
    const inPod = position.replace(/^.*\/services\//, '/app/services/');
    const line = JSON.stringify({ level: 50, err: { stack: `Error: boom\n    at xe.publish (${inPod})` } });

    const result = mapped(`${line}\n`);

    expect(result.status).toBe(0);
    const logged = JSON.parse(result.stdout) as { level: number; err: { stack: string } };
    expect(logged.level).toBe(50);
    expect(logged.err.stack).toMatch(/^Error: boom\n {4}at xe\.publish \(libs\/[\w/.-]+\.ts:\d+:\d+\)$/);
  });

  it('says which positions it could not map, and fails', () => {
    const result = mapped('Error: x\n    at /app/services/nowhere/dist/main.bundle.js:1:10\n');

    expect(result.stdout).toBe('Error: x\n    at /app/services/nowhere/dist/main.bundle.js:1:10\n');
    expect(result.stderr).toContain('/app/services/nowhere/dist/main.bundle.js:1:10');
    expect(result.status).toBe(1);
  });
});
