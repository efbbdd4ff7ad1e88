import { Entity, EntityManager, MikroORM, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Body, Controller, Get, Logger, Module, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase, testEnvironment, type TestDatabase } from '@platform/testing';
import { IsString, MaxLength } from 'class-validator';
import request from 'supertest';
import {
  BaseServiceConfig,
  ConfigValidationError,
  createOrmConfig,
  createServiceApp,
  loadConfig,
  managementListenerOf,
  NotFoundError,
  ServiceKitModule,
} from '../src';
import { ReadinessRegistry } from '../src/health/readiness.registry';

@Entity()
class Note {
  @PrimaryKey({ type: 'uuid' })
  id: string = crypto.randomUUID();

  @Property({ type: 'text' })
  text: string;

  constructor(text: string) {
    this.text = text;
  }
}

class CreateNoteDto {
  @IsString()
  @MaxLength(20)
  text!: string;
}

@Controller('notes')
class NotesController {
  constructor(private readonly em: EntityManager) {}

  @Post()
  async create(@Body() dto: CreateNoteDto): Promise<Note> {
    const note = new Note(dto.text);
    await this.em.persistAndFlush(note);
    return note;
  }

  @Get(':id')
  async find(@Param('id', ParseUUIDPipe) id: string): Promise<Note> {
    const note = await this.em.findOne(Note, id);
    if (!note) throw new NotFoundError('Note', id);
    return note;
  }

  @Get('boom/now')
  boom(): never {
    throw new Error('secret internal detail');
  }
}

class KitTestConfig extends BaseServiceConfig {}

describe('service-kit bootstrap (real PostgreSQL, real HTTP)', () => {
  let database: TestDatabase;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    database = await createTestDatabase('service_kit');
    const config = loadConfig(
      KitTestConfig,
      testEnvironment({ DATABASE_NAME: database.name, BODY_LIMIT_BYTES: '2048' }),
    );
    const orm = createOrmConfig(config, { entities: [Note], migrationsPath: __dirname });
    @Module({ imports: [ServiceKitModule.forRoot({ service: 'kit', config, orm })], controllers: [NotesController] })
    class KitTestModule {}
    app = await createServiceApp(KitTestModule, { routePrefix: '/api/kit', title: 'Kit', config });
    await app.get(MikroORM).schema.createSchema();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const http = () => request(app.getHttpServer());
  const management = () => request(managementListenerOf(app).httpServer);

  it('serves liveness and readiness with the database checked, on the management port', async () => {
    await management().get('/api/kit/health/live').expect(200, { status: 'ok' });
    const ready = await management().get('/api/kit/health/ready').expect(200);
    expect(ready.body.info.database).toEqual({ status: 'up', gatesReadiness: true });
  });

  // DESIGN.md "Operational endpoints": the public port (the one the ingress routes) never serves them.
  it.each([
    '/api/kit/health/live',
    '/api/kit/health/ready',
    '/api/kit/metrics',
    '/api/kit/docs',
    '/api/kit/docs-json',
    '/api/kit/docs/swagger-ui.css',
    '/api/kit/%6Detrics',
    '/api/kit//metrics',
    '/api/kit/metrics?x=1',
  ])('answers %s with a JSON 404 on the public port', async (path) => {
    const response = await http().get(path).expect(404).expect('content-type', /json/);
    expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('serves nothing but the operational endpoints on the management port', async () => {
    const created = await http().post('/api/kit/notes').send({ text: 'public' }).expect(201);
    await management().get(`/api/kit/notes/${created.body.id}`).expect(404);
    await management().post('/api/kit/notes').send({ text: 'x' }).expect(404);
  });

  it('creates and reads through the request-scoped EntityManager', async () => {
    const created = await http().post('/api/kit/notes').send({ text: 'hello' }).expect(201);
    await http().get(`/api/kit/notes/${created.body.id}`).expect(200, { id: created.body.id, text: 'hello' });
  });

  it('answers bad input with a JSON 400 naming the problem', async () => {
    const unknownField = await http().post('/api/kit/notes').send({ text: 'x', admin: true }).expect(400);
    expect(unknownField.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'property admin should not exist',
    });
    const tooLong = await http()
      .post('/api/kit/notes')
      .send({ text: 'x'.repeat(21) })
      .expect(400);
    expect(tooLong.body.message).toContain('text must be shorter than or equal to 20 characters');
    const badJson = await http()
      .post('/api/kit/notes')
      .set('content-type', 'application/json')
      .send('{"text":')
      .expect(400);
    expect(badJson.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const badId = await http().get('/api/kit/notes/not-a-uuid').expect(400);
    expect(badId.body.message).toMatch(/uuid/);
  });

  it('names the first ten problems of a body with hundreds, not all of them', async () => {
    const fields = Object.fromEntries(Array.from({ length: 200 }, (_, index) => [`f${index}`, 1]));
    const refused = await http()
      .post('/api/kit/notes')
      .send({ text: 'x', ...fields })
      .expect(400);
    const named = refused.body.message.split('; ');
    expect(named).toHaveLength(11);
    expect(named[0]).toBe('property f0 should not exist');
    expect(named[10]).toBe('and 190 more');
  });

  it('refuses deeply nested JSON with a 400 naming the problem, before parsing it', async () => {
    const deepArrays = `{"text":${'['.repeat(1000)}${']'.repeat(1000)}}`; // the body limit here is 2 KB
    const deepObjects = `${'{"text":'.repeat(40)}"x"${'}'.repeat(40)}`;
    for (const body of [deepArrays, deepObjects]) {
      const response = await http()
        .post('/api/kit/notes')
        .set('content-type', 'application/json')
        .send(body)
        .expect(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Body is nested too deeply: at most 32 levels of objects and arrays',
      });
    }
    // Brackets inside strings are text, not nesting; the limit itself is allowed.
    const inString = await http().post('/api/kit/notes').send({ text: '[[[[{{{{' }).expect(201);
    expect(inString.body.text).toBe('[[[[{{{{');
    const atLimit = `${'{"a":'.repeat(31)}{"text":"x"}${'}'.repeat(31)}`;
    const allowed = await http().post('/api/kit/notes').set('content-type', 'application/json').send(atLimit);
    expect(allowed.body.message).toMatch(/^property a should not exist/);
  });

  it('answers unknown ids and routes with JSON 404', async () => {
    const missing = await http().get(`/api/kit/notes/${crypto.randomUUID()}`).expect(404);
    expect(missing.body.error).toBe('Not Found');
    await http().get('/api/kit/nowhere').expect(404).expect('content-type', /json/);
  });

  it('refuses oversized bodies with 413', async () => {
    const response = await http()
      .post('/api/kit/notes')
      .send({ text: 'x'.repeat(4096) })
      .expect(413);
    expect(response.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: expect.stringMatching(/too large/),
    });
  });

  it('hides internal errors behind a generic 500', async () => {
    const response = await http().get('/api/kit/notes/boom/now').expect(500);
    expect(response.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
    expect(JSON.stringify(response.body)).not.toContain('secret');
  });

  it('logs an unexpected 500 as an error with its stack, a deliberate 503 as one warning line', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error');
    const warnings = jest.spyOn(Logger.prototype, 'warn');
    try {
      await http().get('/api/kit/notes/boom/now').expect(500);
      expect(errors).toHaveBeenCalledWith(expect.stringMatching(/secret internal detail\n\s+at /));

      errors.mockClear();
      jest.spyOn(app.get(ReadinessRegistry), 'isDraining').mockReturnValue(true);
      await management().get('/api/kit/health/ready').expect(503);
      expect(warnings).toHaveBeenCalledWith('503 Shutting down');
      expect(errors).not.toHaveBeenCalled();
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('sets security headers, a correlation id and exports Prometheus metrics by route and dependency', async () => {
    const response = await management().get('/api/kit/health/live').set('x-correlation-id', 'abc-123').expect(200);
    expect(response.headers['x-correlation-id']).toBe('abc-123');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    await http().post('/api/kit/notes').send({ text: 'counted' }).expect(201);
    const metrics = await management().get('/api/kit/metrics').expect(200);
    expect(metrics.text).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/api\/kit\/notes",status_code="201"\}/,
    );
    expect(metrics.text).toMatch(/dependency_up\{dependency="database",gates_readiness="true"\} 1/);
  });

  it('serves its OpenAPI document on the management port', async () => {
    const docs = await management().get('/api/kit/docs-json').expect(200);
    expect(docs.body.paths['/api/kit/notes']).toBeDefined();
    await management().get('/api/kit/docs').expect(200).expect('content-type', /html/);
  });
});

describe('loadConfig', () => {
  it('binds loopback unless told otherwise: only the ingress on the same machine reaches a service', () => {
    const minimal = {
      PORT: '3999',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432',
      DATABASE_NAME: 'x',
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
    };
    expect(loadConfig(KitTestConfig, minimal).HOST).toBe('127.0.0.1');
    expect(loadConfig(KitTestConfig, { ...minimal, HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('names every missing or malformed variable at once', () => {
    expect(() => loadConfig(KitTestConfig, { PORT: 'abc', DATABASE_URL: 'mysql://x', AMQP_URL: '' })).toThrow(
      ConfigValidationError,
    );
    try {
      loadConfig(KitTestConfig, { PORT: 'abc', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      const problems = (error as ConfigValidationError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/DATABASE_URL must be a postgres:\/\/ URL/);
      expect(problems).toMatch(/AMQP_URL/);
      expect(problems).toMatch(/DATABASE_NAME/);
    }
  });
});
