import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICE_ENTRY_POINTS } from '@platform/contracts';
import { repositoryRoot } from '@platform/testing';

// The service bundles start without reading the node binary's ICU data (scripts/build/icu-free-start-up.mjs):
// Nest's loggers build their date format on first use, and MikroORM orders entities without a collator.
const PLUGINS = join(repositoryRoot(), 'scripts/build/icu-free-start-up.mjs');

/** Counts `new Intl.DateTimeFormat(...)` in a process and reports the callers on exit. */
const COUNT_DATE_FORMATTERS = `const built = [];
Intl.DateTimeFormat = new Proxy(Intl.DateTimeFormat, {
  construct(target, args) {
    built.push(new Error().stack.split('\\n')[2].trim());
    return Reflect.construct(target, args);
  },
});
globalThis.dateFormattersBuilt = built;
process.on('exit', () => process.stderr.write('date formatters built: ' + JSON.stringify(built) + '\\n'));
`;

function formattersBuilt(stderr: string): string[] {
  const line = /^date formatters built: (.*)$/m.exec(stderr);
  if (!line) throw new Error(`no count reported; stderr:\n${stderr}`);
  return JSON.parse(line[1]) as string[];
}

describe('Nest’s date format in the service bundles', () => {
  let scratch: string;
  let counter: string;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'nest-date-format-'));
    counter = join(scratch, 'count-date-formatters.cjs');
    writeFileSync(counter, COUNT_DATE_FORMATTERS);
  });

  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('is built by the first line Nest’s loggers print, and that line still carries the time', () => {
    const bundled = join(scratch, 'nest-common.cjs');
    const script = `
      import { build } from 'esbuild';
      import { nestDateFormatterOnFirstUse } from ${JSON.stringify(PLUGINS)};
      await build({
        stdin: { contents: "module.exports = require('@nestjs/common');", resolveDir: ${JSON.stringify(repositoryRoot())} },
        bundle: true, platform: 'node', format: 'cjs', outfile: ${JSON.stringify(bundled)}, logLevel: 'error',
        plugins: [nestDateFormatterOnFirstUse()],
      });
      const { createRequire } = await import('node:module');
      const { ConsoleLogger, Logger } = createRequire(import.meta.url)(${JSON.stringify(bundled)});
      const afterLoad = globalThis.dateFormattersBuilt.length;
      new ConsoleLogger('Probe').log('first line');
      const timestamp = Logger.getTimestamp();
      console.log(JSON.stringify({ afterLoad, afterLogging: globalThis.dateFormattersBuilt.length, timestamp }));
    `;
    const run = spawnSync(process.execPath, ['--require', counter, '--input-type=module', '-e', script], {
      cwd: repositoryRoot(),
      env: { PATH: process.env.PATH, NO_COLOR: '1' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    const outcome = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(outcome.afterLoad).toBe(0);
    // One for each logger's module, each built once.
    expect(outcome.afterLogging).toBe(2);
    expect(outcome.timestamp).toMatch(/\d{4}.*\d{1,2}:\d{2}:\d{2}/);
    expect(run.stdout).toMatch(/\[Probe\] first line/);
    expect(run.stdout).toMatch(/\d{1,2}:\d{2}:\d{2}.*LOG \[Probe\] first line/);
  });

  it.each([
    ['identity', SERVICE_ENTRY_POINTS.server],
    ['catalog', SERVICE_ENTRY_POINTS.server],
    ['progress', SERVICE_ENTRY_POINTS.server],
    ['media', SERVICE_ENTRY_POINTS.server],
    ['media', SERVICE_ENTRY_POINTS.worker],
  ])('is not built while %s’s %s loads', (service, entry) => {
    // Without configuration the bundle loads every module, then stops at its configuration check.
    const start = spawnSync(process.execPath, ['--require', counter, entry], {
      cwd: join(repositoryRoot(), 'services', service),
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
    });
    expect(start.stderr).toContain('Invalid configuration');
    expect(formattersBuilt(start.stderr)).toEqual([]);
  });
});

/** The class names of every entity in the services and the libs. */
function entityClassNames(): string[] {
  const root = repositoryRoot();
  const sources = ['services', 'libs'].flatMap((top) =>
    readdirSync(join(root, top)).flatMap((project) => {
      try {
        return readdirSync(join(root, top, project, 'src'), { recursive: true, encoding: 'utf8' })
          .filter((file) => file.endsWith('.entity.ts'))
          .map((file) => join(root, top, project, 'src', file));
      } catch {
        return [];
      }
    }),
  );
  return sources.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/^export class (\w+)/gm)].map((m) => m[1]!));
}

describe('the entity order MikroORM gets in the bundles (compareNamesLikeLocale)', () => {
  it('is localeCompare’s order for every entity of the platform and for names that differ in case, digits, _ and $', () => {
    const names = [
      ...entityClassNames(),
      ...['Course', 'course', 'Courses', 'CourseSection', 'courseSection', 'COURSE', 'CourseModel', 'CourseMediaUse'],
      ...['Outbox_Message', 'OutboxMessage', 'Outbox$Message', 'Lesson2', 'Lesson10', 'LessonA', 'lesson_a', 'Lesson'],
      ...[
        'A1',
        'Ab',
        'aB',
        'AB',
        'ab',
        'a',
        'A',
        '_z',
        '$z',
        'z_',
        'Z9',
        'Z',
        'a_b',
        'a$b',
        'A$B',
        'abc',
        'abC',
        'aBc',
      ],
    ];
    expect(entityClassNames()).toEqual(expect.arrayContaining(['Course', 'OutboxMessage', 'User', 'VideoPosition']));
    const script = `
      import { compareNamesLikeLocale } from ${JSON.stringify(PLUGINS)};
      const names = ${JSON.stringify(names)};
      console.log(JSON.stringify({
        withCollator: [...names].sort((a, b) => a.localeCompare(b)),
        withoutCollator: [...names].sort(compareNamesLikeLocale),
        pairs: names.flatMap((a) => names.map((b) => [a, b, Math.sign(a.localeCompare(b)), compareNamesLikeLocale(a, b)]))
          .filter(([, , expected, actual]) => expected !== actual),
      }));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const { withCollator, withoutCollator, pairs } = JSON.parse(run.stdout) as Record<string, unknown[]>;
    expect(withoutCollator).toEqual(withCollator);
    expect(pairs).toEqual([]);
  });
});
