import type { OpenAPIObject } from '@nestjs/swagger';
import { ApiErrors, completeOperations, ERRORS_EXTENSION } from './openapi';

const document = (paths: OpenAPIObject['paths']): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths,
  components: { schemas: {} },
});
const ok = { 200: { description: 'ok' } };
const errorBody = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };

describe('completeOperations', () => {
  it('documents auth and the client errors an operation shape implies, each with the one error body', () => {
    const completed = completeOperations(
      document({
        '/things/{id}': {
          put: {
            parameters: [{ name: 'id', in: 'path', required: true }],
            requestBody: { content: {} },
            responses: ok,
            'x-errors': [409],
          } as never,
        },
      }),
    );
    const put = completed.paths['/things/{id}'].put!;
    expect(put.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(put.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '413', '415']);
    expect(put.responses[409]).toEqual({ description: expect.stringMatching(/conflicts/), content: errorBody });
    expect(put).not.toHaveProperty('x-errors');
    expect(completed.components?.schemas?.ErrorBody).toMatchObject({ required: ['statusCode', 'error', 'message'] });
  });

  it('says when no token is needed, or one is optional, and keeps an error description a controller wrote', () => {
    const completed = completeOperations(
      document({
        '/open': { get: { responses: ok, 'x-access': 'public' } as never },
        '/maybe': {
          get: { responses: { ...ok, 404: { description: 'No such course' } }, 'x-access': 'optional-token' } as never,
        },
      }),
    );
    expect(completed.paths['/open'].get).toMatchObject({ security: [], responses: ok });
    expect(Object.keys(completed.paths['/open'].get!.responses)).toEqual(['200']);
    const maybe = completed.paths['/maybe'].get!;
    expect(maybe.security).toEqual([{}, { bearer: [] }]);
    expect(maybe.responses[404]).toEqual({ description: 'No such course', content: errorBody });
    expect(maybe.responses).not.toHaveProperty('403');
  });

  it("adds up several @ApiErrors on one route (a rate limit's 429 and a conflict's 409)", () => {
    class Things {
      @ApiErrors(429)
      @ApiErrors(409)
      create(): void {}
    }
    const extensions = Reflect.getMetadata('swagger/apiExtension', Things.prototype.create) as Record<string, number[]>;
    expect([...extensions[ERRORS_EXTENSION]!].sort()).toEqual([409, 429]);
  });
});
