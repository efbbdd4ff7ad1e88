// Preloaded into catalog (`node --require`) by catalog/publish-stages.ts: for every HTTP request
// whose path ends in STAGE_TIMER_PATH_SUFFIX, the times of the request's start and answer and of
// each statement its pg clients ran meanwhile (sent → result), one JSON line per request in
// STAGE_TIMER_FILE. Requests are sent one at a time, so the statements in a request's window are
// its own, plus the relay's (told apart by their text). Only for that benchmark.
import { subscribe } from 'node:diagnostics_channel';
import { appendFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

const file = process.env.STAGE_TIMER_FILE;
const suffix = process.env.STAGE_TIMER_PATH_SUFFIX ?? '/publish';
if (file) {
  interface Timed {
    text: string;
    startMs: number;
    endMs?: number;
  }
  let current: { startMs: number; statements: Timed[] } | undefined;
  subscribe('http.server.request.start', (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    if (!request.url?.split('?')[0].endsWith(suffix)) return;
    const timing = { startMs: performance.now(), statements: [] as Timed[] };
    current = timing;
    response.once('finish', () => {
      current = undefined;
      appendFileSync(
        file,
        `${JSON.stringify({ url: request.url, status: response.statusCode, ...timing, endMs: performance.now() })}\n`,
      );
    });
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the service's own copy of pg
  const pg = require(require.resolve('pg', { paths: [process.cwd()] })) as typeof import('pg');
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function timed(this: unknown, ...args: unknown[]) {
    const config = args[0] as string | { text: string };
    const statement: Timed = { text: typeof config === 'string' ? config : config.text, startMs: performance.now() };
    current?.statements.push(statement);
    const done = (): void => {
      statement.endMs = performance.now();
    };
    const callbackAt = args.findIndex((arg) => typeof arg === 'function');
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as (...results: unknown[]) => void;
      args[callbackAt] = (...results: unknown[]) => {
        done();
        callback(...results);
      };
      return query.apply(this, args);
    }
    const result = query.apply(this, args) as Promise<unknown> | undefined;
    result?.then?.(done, done);
    return result;
  } as typeof pg.Client.prototype.query;
}
