import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { backoffMs, HttpRecorder } from './http-recorder';

type Answer = (request: IncomingMessage, response: ServerResponse, body: Buffer) => void;

/** A real HTTP server that answers the n-th request with the n-th of `answers` (the last one repeats). */
async function scriptedServer(answers: Answer[]): Promise<{ url: string; bodies: Buffer[]; server: Server }> {
  const bodies: Buffer[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push(Buffer.concat(chunks));
      answers[Math.min(bodies.length, answers.length) - 1](request, response, Buffer.concat(chunks));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, bodies, server };
}

const status =
  (code: number): Answer =>
  (_request, response) =>
    response.writeHead(code, { 'content-type': 'application/xml' }).end(`<Error><Code>${code}</Code></Error>`);
const ok: Answer = (_request, response, body) => response.writeHead(200, { etag: `"${body.length}"` }).end();
/** The connection dropped with the request read and nothing answered (a crashed store). */
const dropped: Answer = (request) => request.socket.destroy();

describe('HttpRecorder retries', () => {
  const servers: Server[] = [];
  const recorder = (baseUrl: string, options: { networkRetries?: number; storageRetries?: number } = {}) => {
    const waits: number[] = [];
    const http = new HttpRecorder({
      baseUrl,
      requestTimeoutMs: 5000,
      signal: new AbortController().signal,
      backoff: (attempt) => {
        waits.push(attempt);
        return 1;
      },
      ...options,
    });
    return { http, waits };
  };
  const start = async (answers: Answer[]) => {
    const started = await scriptedServer(answers);
    servers.push(started.server);
    return started;
  };
  afterAll(() => servers.forEach((server) => server.close()));

  it('sends a storage PUT again after a 500 and a 503, the same bytes each time, backing off', async () => {
    const store = await start([status(500), status(503), ok]);
    const { http, waits } = recorder(store.url);
    const body = new Uint8Array([1, 2, 3, 4]);
    const response = await http.storage('PUT', `${store.url}/media/incoming/part?X-Amz-Signature=x`, { body });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"4"');
    expect(store.bodies.map((sent) => [...sent])).toEqual([
      [1, 2, 3, 4],
      [1, 2, 3, 4],
      [1, 2, 3, 4],
    ]);
    expect(waits).toEqual([0, 1]);
    expect(http.records.map((record) => [record.status, record.retried ?? false])).toEqual([
      [500, true],
      [503, true],
      [200, false],
    ]);
  });

  it('sends a storage PUT again when the connection dropped without an answer', async () => {
    const store = await start([dropped, ok]);
    const { http } = recorder(store.url);
    const response = await http.storage('PUT', `${store.url}/media/x`, { body: new Uint8Array([9]) });
    expect(response.status).toBe(200);
    expect(http.records.map((record) => record.status)).toEqual([0, 200]);
  });

  it('gives up after a few attempts and returns the store’s last answer', async () => {
    const store = await start([status(500)]);
    const { http } = recorder(store.url, { storageRetries: 2 });
    const response = await http.storage('PUT', `${store.url}/media/x`, { body: new Uint8Array([9]) });
    expect(response.status).toBe(500);
    expect(store.bodies).toHaveLength(3);
  });

  it('does not send a storage PUT again after a 403 (a bad signature will not get better)', async () => {
    const store = await start([status(403), ok]);
    const { http } = recorder(store.url);
    expect((await http.storage('PUT', `${store.url}/media/x`, { body: new Uint8Array([9]) })).status).toBe(403);
    expect(store.bodies).toHaveLength(1);
  });

  it('sends an API POST again after a 502 only when the caller says a copy is harmless, and says so', async () => {
    const api = await start([status(502), (_request, response) => response.writeHead(409).end('{}')]);
    const { http } = recorder(api.url, { networkRetries: 3 });
    const once = await http.api('POST', '/api/progress/enrollments', { body: {} });
    expect([once.status, once.retried]).toEqual([502, false]);
    const again = await http.api('POST', '/api/progress/enrollments', { body: {}, repeatable: true });
    expect([again.status, again.retried]).toEqual([409, false]);
    expect(api.bodies).toHaveLength(2);
  });

  it('sends a keyed POST again while its key is still held by a request a crash left behind', async () => {
    const stillRunning = JSON.stringify({
      statusCode: 409,
      error: 'Conflict',
      message: 'A request with this Idempotency-Key is still being processed; retry later',
    });
    const api = await start([
      (_request, response) => response.writeHead(409).end(stillRunning),
      (_request, response) => response.writeHead(201).end('{"id":"c1"}'),
    ]);
    const { http } = recorder(api.url, { networkRetries: 3 });
    const created = await http.api<{ id: string }>('POST', '/api/catalog/courses', { body: {}, idempotencyKey: 'k1' });
    expect([created.status, created.json.id, created.retried]).toEqual([201, 'c1', true]);
    // Another conflict is the answer, not a reason to try again.
    const other = await start([(_request, response) => response.writeHead(409).end('{"message":"slug taken"}')]);
    const conflict = await recorder(other.url, { networkRetries: 3 }).http.api('POST', '/x', {
      body: {},
      idempotencyKey: 'k2',
    });
    expect(conflict.status).toBe(409);
    expect(other.bodies).toHaveLength(1);
  });

  it('marks an API answer that came after a retried attempt', async () => {
    const api = await start([status(503), (_request, response) => response.writeHead(409).end('{}')]);
    const { http } = recorder(api.url, { networkRetries: 3 });
    const answer = await http.api('POST', '/api/progress/enrollments', { body: {}, repeatable: true });
    expect([answer.status, answer.retried]).toEqual([409, true]);
  });
});

describe('backoffMs', () => {
  it('grows exponentially with jitter between half and all of the step, capped', () => {
    expect([0, 1, 2].map((attempt) => backoffMs(attempt, { random: () => 0 }))).toEqual([100, 200, 400]);
    expect([0, 1, 2].map((attempt) => backoffMs(attempt, { random: () => 1 }))).toEqual([200, 400, 800]);
    expect(backoffMs(20, { random: () => 1 })).toBe(5000);
  });
});
