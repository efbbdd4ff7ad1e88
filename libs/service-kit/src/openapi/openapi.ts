import { applyDecorators, type INestApplication } from '@nestjs/common';
import { ApiExtension, DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject, ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ANSWER_EXTENSION, answerComponents, answerContentNamed } from './answer-schemas';

/** Who may call an operation, as the auth decorators (libs/auth, `@Public`) record it for the document. */
export const ACCESS_EXTENSION = 'x-access';
/** The roles an operation requires (`@Roles`). */
export const ROLES_EXTENSION = 'x-roles';
/** Client errors an operation gives beyond those its shape implies (see `completeOperations`). */
export const ERRORS_EXTENSION = 'x-errors';

export type DocumentedAccess = 'public' | 'optional-token';

/** Where `ApiExtension` keeps a method's extensions (`DECORATORS.API_EXTENSION`, not in @nestjs/swagger's exports). */
const API_EXTENSION_METADATA = 'swagger/apiExtension';

/** Marks the document's operation(s) as reachable without a token, or with an optional one. */
export const ApiAccess = (access: DocumentedAccess): MethodDecorator & ClassDecorator =>
  ApiExtension(ACCESS_EXTENSION, access);

/**
 * The client errors a route gives beyond the ones every route of its kind gives (400 for input, 401/403
 * for a token, 404 for an id in the path, 413 for a body): e.g. `@ApiErrors(409)` for a conflict.
 */
export const ApiErrors = (...statuses: ClientErrorStatus[]): MethodDecorator & ClassDecorator =>
  ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (!descriptor) return applyDecorators(ApiExtension(ERRORS_EXTENSION, statuses))(target as never);
    // Several on one route add up (Swagger's ApiExtension would keep only the first one applied).
    const extensions: Record<string, unknown> = Reflect.getMetadata(API_EXTENSION_METADATA, descriptor.value) ?? {};
    const declared = (extensions[ERRORS_EXTENSION] as ClientErrorStatus[] | undefined) ?? [];
    const merged = [...new Set([...declared, ...statuses])];
    Reflect.defineMetadata(API_EXTENSION_METADATA, { ...extensions, [ERRORS_EXTENSION]: merged }, descriptor.value);
    return descriptor;
  }) as MethodDecorator & ClassDecorator;

const CLIENT_ERRORS = {
  400: 'The input is malformed: the message names what is wrong.',
  401: 'No valid access token (missing, expired, or not signed by identity).',
  403: 'The caller is signed in but may not do this (role, ownership or account state).',
  404: 'Nothing with this id, or nothing the caller may see.',
  409: 'The request conflicts with the current state: the message says how.',
  410: 'It existed but is gone for good.',
  413: 'The body is larger than the service accepts.',
  415: 'The body is not of a content type the operation accepts.',
  422: 'Well-formed but refused by a rule: the message names it.',
  429: 'Too many attempts: retry after the seconds in Retry-After.',
} as const;
export type ClientErrorStatus = keyof typeof CLIENT_ERRORS;

/** The one error body (DESIGN.md): every 4xx and 5xx of every service has this shape. */
export const ERROR_BODY_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', minimum: 400, maximum: 599, example: 400 },
    error: { type: 'string', description: 'The status text of the code.', example: 'Bad Request' },
    message: { type: 'string', description: 'What went wrong, for a person.', example: 'courseId must be a UUID' },
  },
  additionalProperties: true,
} as const;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/**
 * Completes what Nest's explorer leaves implicit in each operation: its auth (from the auth
 * decorators' extensions), its success answer's schema (`@ApiAnswer`), the client errors its shape
 * implies plus those it declares, each with the one error body, and the schemas they refer to as
 * components. The document in, the completed one out.
 */
export function completeOperations(document: OpenAPIObject): OpenAPIObject {
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(document.paths)) {
    const completed = { ...item };
    for (const method of METHODS) {
      const operation = item[method] as (OperationObject & Record<string, unknown>) | undefined;
      if (operation) completed[method] = completeOperation(path, operation);
    }
    paths[path] = completed;
  }
  const schemas: Record<string, object> = { ...document.components?.schemas, ErrorBody: ERROR_BODY_SCHEMA };
  // Answer schemas of every service share one registry: a document takes those its operations use.
  const answers = answerComponents();
  const pending = [...referencedSchemas(paths)];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (schemas[name] || !answers[name]) continue;
    schemas[name] = answers[name];
    pending.push(...referencedSchemas(answers[name]));
  }
  return { ...document, paths, components: { ...document.components, schemas } };
}

function referencedSchemas(value: unknown): string[] {
  return [...JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]!);
}

function documentAnswer(operation: OperationObject & Record<string, unknown>): void {
  const answer = operation[ANSWER_EXTENSION] as { name: string; description: string } | undefined;
  if (!answer) return;
  delete operation[ANSWER_EXTENSION];
  const statuses = Object.keys(operation.responses ?? {}).filter((status) => /^2\d\d$/.test(status));
  if (statuses.length !== 1)
    throw new Error(`${operation.operationId}: @ApiAnswer needs exactly one 2xx answer, not ${statuses.join(', ')}`);
  operation.responses = {
    ...operation.responses,
    [statuses[0]!]: { description: answer.description, content: answerContentNamed(answer.name) },
  };
}

function completeOperation(path: string, source: OperationObject & Record<string, unknown>): OperationObject {
  const operation: OperationObject & Record<string, unknown> = { ...source };
  documentAnswer(operation);
  const access = operation[ACCESS_EXTENSION] as DocumentedAccess | undefined;
  const statuses = new Set<ClientErrorStatus>((operation[ERRORS_EXTENSION] as ClientErrorStatus[] | undefined) ?? []);
  delete operation[ERRORS_EXTENSION];
  if (access === 'public') {
    operation.security = [];
  } else {
    // The platform's guard is global: whatever a controller says, an operation not marked public needs a token.
    operation.security = access === 'optional-token' ? [{}, { bearer: [] }] : [{ bearer: [] }];
    statuses.add(401);
    if (access !== 'optional-token') statuses.add(403);
  }
  if ((operation.parameters?.length ?? 0) > 0 || operation.requestBody) statuses.add(400);
  // A body: too large, or not JSON (the one body parser refuses other content types).
  if (operation.requestBody) {
    statuses.add(413);
    statuses.add(415);
  }
  if (path.includes('{')) statuses.add(404);
  const responses = { ...operation.responses };
  for (const status of Object.keys(responses)) {
    if (/^4\d\d$/.test(status)) statuses.add(Number(status) as ClientErrorStatus);
  }
  for (const status of [...statuses].sort()) {
    // A description the controller wrote for an error (`@ApiResponse`) wins over the generic one.
    const written = responses[status] as ResponseObject | undefined;
    responses[status] = {
      description: written?.description || (CLIENT_ERRORS[status] ?? 'A client error: the message says which.'),
      content: written?.content ?? { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
    };
  }
  operation.responses = responses;
  return operation;
}

/** OpenAPI JSON at `<prefix>/docs-json` and its UI at `<prefix>/docs`. */
export function setUpOpenApi(
  app: INestApplication,
  routePrefix: string,
  title: string,
  extraPaths: OpenAPIObject['paths'] = {},
): void {
  // A factory: Swagger builds the document on the first request for it (and keeps it), not at
  // start-up, where scanning every route's metadata delays readiness for a document few ask for.
  const build = (): OpenAPIObject => {
    const built = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle(title)
        .setVersion('1')
        .setDescription(
          'Errors: every 4xx and 5xx answer has the body `ErrorBody`. Lists are paginated with `page` and `limit` ' +
            'and answer `{ items, total, page, limit }`.',
        )
        .addServer('/', 'The ingress (or the service itself) at this origin')
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "identity's access token" })
        .build(),
    );
    // Routes registered on Fastify directly (not through a controller) describe themselves.
    return completeOperations({ ...built, paths: { ...built.paths, ...extraPaths } });
  };
  SwaggerModule.setup(`${routePrefix.replace(/^\//, '')}/docs`, app, build, { useGlobalPrefix: false });
}
