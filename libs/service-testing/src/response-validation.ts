import type { OpenAPIObject } from '@nestjs/swagger';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const DOCUMENT_ID = 'openapi.json';
type Operation = { responses?: Record<string, { content?: Record<string, { schema?: object }> }> };

/**
 * Checks answers against what an OpenAPI document promises for their operation and status: a status
 * the operation does not document, or a JSON body its schema refuses, is a problem, named by method,
 * path template and status. Answers of routes the document leaves out (health, metrics, unknown
 * paths) are not its business; a 5xx is checked against the one error body every 5xx has.
 */
export class ResponseValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenAPIObject) {
    addFormats(this.ajv);
    this.ajv.addSchema({ components: document.components ?? {} }, DOCUMENT_ID);
  }

  /** The problem with one answer, or undefined. `route` is Fastify's template (`/api/x/:id`). */
  problem(method: string, route: string, status: number, contentType: string, body: string): string | undefined {
    const path = route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const operation = (this.document.paths[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];
    if (!operation) return undefined;
    const name = `${method.toUpperCase()} ${path} ${status}`;
    const documented = status >= 500 ? { content: { 'application/json': { schema: ERROR_BODY_REF } } } : undefined;
    const response = operation.responses?.[String(status)] ?? documented;
    if (!response)
      return `${name}: the status is not documented (it documents ${Object.keys(operation.responses ?? {}).join(', ')})`;
    const schema = response.content?.['application/json']?.schema;
    if (!schema) {
      return body.length > 0 && contentType.includes('json')
        ? `${name}: answers a JSON body it does not document`
        : undefined;
    }
    if (!contentType.includes('application/json'))
      return `${name}: answers ${contentType || 'no content type'}, not JSON`;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return `${name}: the body is not JSON`;
    }
    const validate = this.validatorOf(name, schema);
    if (validate(value)) return undefined;
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map((error) => `${error.instancePath || '/'} ${error.message}${paramsOf(error.params)}`);
    return `${name}: the body does not match the documented schema: ${errors.join('; ')}`;
  }

  private validatorOf(name: string, schema: object): ValidateFunction {
    let validate = this.compiled.get(name);
    if (!validate) {
      const anchored = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${DOCUMENT_ID}#/components/`));
      validate = this.ajv.compile(anchored);
      this.compiled.set(name, validate);
    }
    return validate;
  }
}

const ERROR_BODY_REF = { $ref: '#/components/schemas/ErrorBody' };

function paramsOf(params: Record<string, unknown>): string {
  const named = params.additionalProperty ?? params.allowedValues ?? params.missingProperty;
  return named === undefined ? '' : ` (${JSON.stringify(named)})`;
}

/**
 * Checks every answer the app sends against its document (once `validator` gives one). An answer
 * that breaks the contract is replaced by a 500 whose message names the problem, so the request's
 * test fails there, and the problem is kept in `problems` for the test run to report at the end.
 */
export function installResponseValidation(
  fastify: FastifyInstance,
  validator: () => ResponseValidator | undefined,
): string[] {
  const problems: string[] = [];
  fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const checker = validator();
    const route = request.routeOptions.url;
    if (!checker || !route || (payload !== null && typeof payload !== 'string' && !Buffer.isBuffer(payload)))
      return payload;
    const body = payload === null ? '' : payload.toString();
    const contentType = String(reply.getHeader('content-type') ?? '');
    const problem = checker.problem(request.method, route, reply.statusCode, contentType, body);
    if (!problem) return payload;
    problems.push(problem);
    void reply.code(500).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify({ statusCode: 500, error: 'Contract violation', message: problem });
  });
  return problems;
}
