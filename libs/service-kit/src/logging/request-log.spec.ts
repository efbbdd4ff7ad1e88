import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { runWithCorrelationId } from '../context/correlation-context';
import { installRequestLog } from './request-log';
import { REDACTED_PATHS } from './service-logger';

/** A real server on a free port, logging into `lines`; answers as its routes say. */
async function serve(
  level: string,
): Promise<{ app: FastifyInstance; base: string; lines: Array<Record<string, any>> }> {
  const lines: Array<Record<string, any>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const logger = pino(
    { level, messageKey: 'message', redact: { paths: REDACTED_PATHS }, mixin: () => ({ mixed: true }) },
    sink,
  );
  const app = Fastify();
  app.addHook('onRequest', (_request, _reply, done) => runWithCorrelationId('corr-1', done));
  installRequestLog(app, logger);
  app.get('/courses/:id', async () => ({ ok: true }));
  app.get('/refused', async (_request, reply) => reply.code(403).send({ message: 'no' }));
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  app.get('/api/x/health/live', async () => ({ status: 'ok' }));
  app.get('/api/x/metrics', async () => '');
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base, lines };
}

describe('request log', () => {
  it('writes one line per request, at the level its status calls for, without the query or any header', async () => {
    const { app, base, lines } = await serve('info');
    try {
      const headers = { authorization: 'Bearer secret-token', 'x-request-id': 'req-42' };
      await fetch(`${base}/courses/c1?token=secret-token`, { headers });
      await fetch(`${base}/refused`);
      await fetch(`${base}/boom`);
      await app.close(); // every onResponse has run once the server is closed
      expect(
        lines.map((line) => [line.level, line.message, line.req.method, line.req.url, line.res.statusCode]),
      ).toEqual([
        [30, 'request completed', 'GET', '/courses/c1', 200],
        [40, 'request completed', 'GET', '/refused', 403],
        [50, 'request failed', 'GET', '/boom', 500],
      ]);
      expect(lines[0].req.id).toBe('req-42');
      expect(lines[1].req.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(lines[0].responseTime).toEqual(expect.any(Number));
      expect(lines[0].mixed).toBe(true); // the logger's own fields (the correlation id) come with it
      expect(JSON.stringify(lines)).not.toContain('secret-token');
    } finally {
      await app.close();
    }
  });

  it('leaves out probes and scrapes, and writes nothing the level drops', async () => {
    const { app, base, lines } = await serve('warn');
    try {
      await fetch(`${base}/api/x/health/live`);
      await fetch(`${base}/api/x/metrics`);
      await fetch(`${base}/courses/c1`);
      await fetch(`${base}/refused`);
      await app.close();
      expect(lines.map((line) => line.req.url)).toEqual(['/refused']);
    } finally {
      await app.close();
    }
  });
});
