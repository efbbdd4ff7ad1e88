import type { Server } from 'node:http';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import type { OpenAPIObject } from '@nestjs/swagger';
import request from 'supertest';

/** The OpenAPI document a service serves on its management port (`<prefix>/docs-json`). */
export async function fetchOpenApiDocument(management: Server, routePrefix: string): Promise<OpenAPIObject> {
  const response = await request(management).get(`${routePrefix}/docs-json`).expect(200);
  return response.body as OpenAPIObject;
}

/**
 * Redocly's `recommended` rules with every rule that warns made an error: the problems found, each as
 * `rule at /json/pointer: message`; none for a document that passes.
 */
export async function lintOpenApiDocument(document: OpenAPIObject): Promise<string[]> {
  const config = await createConfig({
    extends: ['recommended-strict'],
    rules: {
      // Some operations have no client error (the JWKS); contractProblems checks those that do.
      'operation-4xx-response': 'off',
      'no-server-example.com': 'error',
      // The ingress serves every service under `/`; a relative server is what the document means.
      'no-server-trailing-slash': 'off',
      // Private services: no licence to state.
      'info-license': 'off',
      // Not every operation has a one-line summary yet (the generated UI falls back to the path).
      'operation-summary': 'off',
    },
  });
  const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config });
  return problems.map((problem) => `${problem.ruleId} at ${problem.location[0]?.pointer ?? '?'}: ${problem.message}`);
}

/**
 * What the platform's documents promise beyond the linter's rules: no `Object` schema from a property
 * TypeScript could not describe, and every operation's client errors with the one error body.
 */
export function contractProblems(document: OpenAPIObject): string[] {
  const problems: string[] = [];
  if (JSON.stringify(document).includes('#/components/schemas/Object'))
    problems.push('a schema refers to `Object` (a property without an explicit OpenAPI type)');
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, { responses?: Record<string, unknown> }>)) {
      if (typeof operation !== 'object' || !operation?.responses) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        const schema = (response as { content?: Record<string, { schema?: { $ref?: string } }> }).content?.[
          'application/json'
        ]?.schema;
        if (/^4\d\d$/.test(status) && schema?.$ref !== '#/components/schemas/ErrorBody')
          problems.push(`${method.toUpperCase()} ${path} ${status}: not the one error body`);
      }
    }
  }
  return problems;
}

/** Every problem of the document a service serves: the linter's and the platform's own promises. */
export async function openApiDocumentProblems(management: Server, routePrefix: string): Promise<string[]> {
  const document = await fetchOpenApiDocument(management, routePrefix);
  return [...(await lintOpenApiDocument(document)), ...contractProblems(document)];
}
