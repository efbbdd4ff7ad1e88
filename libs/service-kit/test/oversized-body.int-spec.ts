import { Agent, type ClientRequest, type IncomingMessage, request } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { Entity, PrimaryKey } from '@mikro-orm/postgresql';
import { Body, Controller, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase, testEnvironment, type TestDatabase } from '@platform/testing';
import { IsString } from 'class-validator';
import { BaseServiceConfig, createOrmConfig, createServiceApp, loadConfig, ServiceKitModule } from '../src';

/** MikroORM wants one entity; the tests never touch the database. */
@Entity()
class Unused {
  @PrimaryKey({ type: 'int' })
  id!: number;
}

class NoteDto {
  @IsString()
  text!: string;
}

@Controller('notes')
class NotesController {
  @Post()
  create(@Body() dto: NoteDto): NoteDto {
    return dto;
  }
}

class OversizedBodyConfig extends BaseServiceConfig {}

const LIMIT = 1024;
const DRAIN_LIMIT = 64 * LIMIT;

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: unknown;
  socket: Socket;
}

/** The answer to `req`, read whole; the request may still be sending its body. */
function answerOf(req: ClientRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: JSON.parse(Buffer.concat(chunks).toString()),
          socket: response.socket,
        }),
      );
    });
  });
}

/** Resolves when the server closed the socket; fails after a few seconds instead of hanging. */
const closed = (socket: Socket): Promise<void> =>
  new Promise((resolve, reject) => {
    if (socket.destroyed) return resolve();
    const timer = setTimeout(() => reject(new Error('the connection is still open')), 10_000);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Writes `total` bytes in 16 KiB pieces, one at a time, and stops at the first failed write. */
async function writeInPieces(req: ClientRequest, total: number): Promise<number> {
  const piece = Buffer.alloc(16 * 1024, 0x20);
  let written = 0;
  while (written < total) {
    const ok = await new Promise<boolean>((resolve) => req.write(piece, (error) => resolve(!error)));
    if (!ok) break;
    written += piece.length;
  }
  return written;
}

describe('a body over the limit (real HTTP, keep-alive client)', () => {
  let database: TestDatabase;
  let app: NestFastifyApplication;
  let agent: Agent;
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase('oversized_body');
    const config = loadConfig(
      OversizedBodyConfig,
      testEnvironment({ DATABASE_NAME: database.name, BODY_LIMIT_BYTES: String(LIMIT) }),
    );
    const orm = createOrmConfig(config, { entities: [Unused], migrationsPath: __dirname });
    @Module({ imports: [ServiceKitModule.forRoot({ service: 'kit', config, orm })], controllers: [NotesController] })
    class OversizedBodyModule {}
    app = await createServiceApp(OversizedBodyModule, { routePrefix: '/api/kit', title: 'Kit', config });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });

  beforeEach(() => {
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
  });

  afterEach(() => agent.destroy());

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const post = (headers: Record<string, string | number> = {}): ClientRequest =>
    request({
      agent,
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/kit/notes',
      headers: { 'content-type': 'application/json', ...headers },
    });

  const tooLarge = { statusCode: 413, error: 'Payload Too Large', message: expect.stringMatching(/too large/) };

  async function expectConnectionStillServes(socket: Socket): Promise<void> {
    const next = post();
    const answer = answerOf(next);
    next.end(JSON.stringify({ text: 'after' }));
    expect(await answer).toMatchObject({ status: 201, body: { text: 'after' } });
    expect((await answer).socket).toBe(socket);
  }

  it.each([
    ['with its length declared', true],
    ['chunked', false],
  ])('answers 413 %s, reads the whole body, and keeps the connection', async (_name, declared) => {
    const size = 32 * LIMIT;
    const req = post(declared ? { 'content-length': size } : {});
    const answer = answerOf(req);
    const written = await writeInPieces(req, size);
    req.end();
    const refused = await answer;
    expect(written).toBe(size);
    expect(refused).toMatchObject({ status: 413, body: tooLarge });
    expect(refused.headers.connection).toBe('keep-alive');
    // The next request on the same socket is parsed after the refused body: all of it was read.
    await expectConnectionStillServes(refused.socket);
  });

  // The proxy's race: it still writes the body while the answer waits unread. Had the service
  // closed, a write would fail (EPIPE or reset) before the answer is read, as the ingress saw it.
  it('keeps the 413 readable for a client that goes on sending the body before reading', async () => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    const ended = new Promise<string>((resolve) => {
      socket.on('error', (error) => resolve(`error: ${error.message}`));
      socket.on('end', () => resolve('end'));
    });
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.pause();
    const piece = Buffer.alloc(8 * LIMIT, 0x20);
    socket.write(
      `POST /api/kit/notes HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n` +
        `content-length: ${4 * piece.length}\r\n\r\n`,
    );
    for (let i = 0; i < 4; i++) {
      socket.write(piece);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the 413 is out after the first
    }
    socket.resume();
    socket.end();
    const outcome = await ended;
    socket.destroy();
    expect({ outcome, answer: Buffer.concat(received).toString().split('\r\n')[0] }).toEqual({
      outcome: 'end',
      answer: 'HTTP/1.1 413 Payload Too Large',
    });
  });

  it('answers 413 and closes at once when the declared length is past the drain limit', async () => {
    const req = post({ 'content-length': DRAIN_LIMIT + 1 });
    req.on('error', () => undefined); // the rest of the body is never sent
    const answer = answerOf(req);
    req.write(Buffer.alloc(2 * LIMIT, 0x20));
    const refused = await answer;
    expect(refused).toMatchObject({ status: 413, body: tooLarge });
    expect(refused.headers.connection).toBe('close');
    await closed(refused.socket);
  });

  it('answers 413 and cuts a chunked body that goes on past the drain limit', async () => {
    const req = post();
    req.on('error', () => undefined); // writes after the cut fail
    const answer = answerOf(req);
    await writeInPieces(req, 16 * DRAIN_LIMIT); // and never ends it: only the server can close
    const refused = await answer;
    expect(refused).toMatchObject({ status: 413, body: tooLarge });
    await closed(refused.socket);
  });
});
