import 'reflect-metadata';
import { Controller, Get, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiOperation, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ApiAccess, ApiAnswer, answerSchema, completeOperations } from '@platform/service-kit';
import { z } from 'zod';
import { contractProblems } from './openapi-document';
import { installResponseValidation, ResponseValidator } from './response-validation';

const ThingSchema = answerSchema('ResponseValidationSpecThing', z.object({ id: z.string(), size: z.int() }), {
  id: 'a',
  size: 1,
});

@Controller('things')
class ThingsController {
  @Get('right')
  @ApiAccess('public')
  @ApiOperation({ summary: 'Answers what it documents' })
  @ApiAnswer(ThingSchema, 'A thing')
  right(): z.infer<typeof ThingSchema> {
    return { id: 'a', size: 1 };
  }

  /** The document says `size` is a whole number; the controller answers a string and an extra field. */
  @Get('wrong/:id')
  @ApiAccess('public')
  @ApiOperation({ summary: 'Answers against its document' })
  @ApiAnswer(ThingSchema, 'A thing')
  wrong(@Param('id') id: string): unknown {
    return { id, size: 'large', colour: 'red' };
  }
}

describe('response validation against the OpenAPI document', () => {
  let app: NestFastifyApplication;
  let problems: string[];

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(
      { module: class {}, controllers: [ThingsController] } as never,
      new FastifyAdapter(),
      { logger: false },
    );
    const current: { validator?: ResponseValidator } = {};
    problems = installResponseValidation(app.getHttpAdapter().getInstance(), () => current.validator);
    await app.init();
    const document = completeOperations(
      SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('t').setVersion('1').build()),
    );
    expect(contractProblems(document)).toEqual([]);
    current.validator = new ResponseValidator(document);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('lets an answer that matches its schema through unchanged', async () => {
    const response = await app.inject({ method: 'GET', url: '/things/right' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: 'a', size: 1 });
  });

  it('turns an answer that breaks its schema into a 500 naming operation, status and problem, and keeps it', async () => {
    const response = await app.inject({ method: 'GET', url: '/things/wrong/7' });
    expect(response.statusCode).toBe(500);
    const message = response.json<{ message: string }>().message;
    expect(message).toMatch(/^GET \/things\/wrong\/\{id\} 200: the body does not match the documented schema/);
    expect(message).toContain('/size must be integer');
    expect(message).toContain('must NOT have additional properties ("colour")');
    expect(problems).toContain(message);
  });

  it('names a status the operation does not document', async () => {
    const validator = new ResponseValidator(
      completeOperations(
        SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('t').setVersion('1').build()),
      ),
    );
    expect(validator.problem('GET', '/things/right', 418, 'application/json', '{}')).toMatch(
      /^GET \/things\/right 418: the status is not documented/,
    );
  });
});

describe('contractProblems', () => {
  it('names a success answer without a schema', () => {
    const document = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/x': { get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema: {} } } } } } },
      },
    };
    expect(contractProblems(document as never)).toEqual(['GET /x 200: the success answer has no schema']);
  });
});
