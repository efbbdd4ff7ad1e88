import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_SYNC_COMPILER_MEBIBYTES } from '../src/charts/platform.chart';
import { repoRoot } from './support';

const COMPILER = join(repoRoot, 'scripts', 'dev', 'transpile-on-change.mjs');

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// The `dev` image target's compiler (services/node-service.Dockerfile): skaffold syncs a saved .ts
// file into the container, this process transpiles that file alone into dist/ and node --watch
// restarts. It must fit beside the service in the dev-sync container (DEV_SYNC_COMPILER_MEBIBYTES),
// where `tsc -b --watch` needed ~430 MiB.
describe('scripts/dev/transpile-on-change.mjs', () => {
  let project: string;
  let compiler: ChildProcess;
  let output = '';

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'dev-loop-'));
    mkdirSync(join(project, 'src'));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        extends: join(repoRoot, 'tsconfig.base.json'),
        compilerOptions: { composite: true, rootDir: 'src', outDir: 'dist', types: ['node'] },
        include: ['src/**/*.ts'],
      }),
    );
    compiler = spawn(process.execPath, [COMPILER, project], { stdio: ['ignore', 'pipe', 'pipe'] });
    compiler.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    compiler.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await until('the compiler to watch', () => output.includes('transpiling saved TypeScript'));
  });

  afterAll(() => {
    compiler?.kill();
    rmSync(project, { recursive: true, force: true });
  });

  it('compiles a saved file alone, with the decorator metadata Nest injects by', async () => {
    writeFileSync(join(project, 'src', 'clock.ts'), 'export class Clock {\n  now(): number {\n    return 1;\n  }\n}\n');
    writeFileSync(
      join(project, 'src', 'greeter.ts'),
      [
        "import { Clock } from './clock';",
        'const Injectable = (): ClassDecorator => () => undefined;',
        '@Injectable()',
        'export class Greeter {',
        '  constructor(private readonly clock: Clock) {}',
        '  greet(name: string): string {',
        '    return `hello ${name} at ${this.clock.now()}`;',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const compiled = await until('dist/greeter.js', () => {
      const file = join(project, 'dist', 'greeter.js');
      return existsSync(file) && readFileSync(file, 'utf8');
    });
    expect(compiled).toContain('__metadata("design:paramtypes"');
    expect(compiled).toMatch(/clock_1\.Clock/);
    expect(existsSync(join(project, 'dist', 'greeter.js.map'))).toBe(true);
  });

  it('leaves specs alone and removes the output of a deleted file', async () => {
    writeFileSync(join(project, 'src', 'greeter.spec.ts'), 'export const spec = 1;\n');
    await until('dist/clock.js', () => existsSync(join(project, 'dist', 'clock.js')));
    unlinkSync(join(project, 'src', 'clock.ts'));
    await until('dist/clock.js to go', () => !existsSync(join(project, 'dist', 'clock.js')));
    expect(existsSync(join(project, 'dist', 'greeter.spec.js'))).toBe(false);
  });

  it('stays within the memory the dev-sync containers add for it', () => {
    const status = readFileSync(`/proc/${compiler.pid}/status`, 'utf8');
    const peakKibibytes = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)![1]);
    expect(peakKibibytes / 1024).toBeLessThan(DEV_SYNC_COMPILER_MEBIBYTES);
  });
});
