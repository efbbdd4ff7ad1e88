// Preloaded into a service (`node --require`) by bench/catalog: appends every statement its pg
// client sends (text, values and, for a prepared statement, its name; one JSON line each) to
// CAPTURE_SQL_FILE, so that the reference server can run the very same statements the same way.
// Only for the capture run, never for a measured one.
import { appendFileSync } from 'node:fs';

const file = process.env.CAPTURE_SQL_FILE;
if (file) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the service's own copy of pg
  const pg = require(require.resolve('pg', { paths: [process.cwd()] })) as typeof import('pg');
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function capture(this: unknown, ...args: unknown[]) {
    const [config, values] = args as [
      string | { name?: string; text: string; values?: unknown[] },
      unknown[] | undefined,
    ];
    const statement =
      typeof config === 'string'
        ? { text: config, values }
        : { name: config.name, text: config.text, values: config.values };
    appendFileSync(file, `${JSON.stringify(statement)}\n`);
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
}
