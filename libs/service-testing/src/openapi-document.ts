import { readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
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
      // media's file route succeeds with a 302 redirect; contractProblems asks every operation for a 2xx or 3xx.
      'operation-2xx-response': 'off',
      // The ingress serves every service under `/`; a relative server is what the document means.
      'no-server-trailing-slash': 'off',
      // Private services: no licence to state.
      'info-license': 'off',
    },
  });
  const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config });
  return problems.map((problem) => `${problem.ruleId} at ${problem.location[0]?.pointer ?? '?'}: ${problem.message}`);
}

/**
 * What the platform's documents promise beyond the linter's rules: no `Object` schema from a property
 * TypeScript could not describe, every success answer with a body described by a named schema, and
 * every operation's client errors with the one error body.
 */
export function contractProblems(document: OpenAPIObject): string[] {
  const problems: string[] = [];
  if (JSON.stringify(document).includes('#/components/schemas/Object'))
    problems.push('a schema refers to `Object` (a property without an explicit OpenAPI type)');
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, { responses?: Record<string, unknown> }>)) {
      if (typeof operation !== 'object' || !operation?.responses) continue;
      if (!Object.keys(operation.responses).some((status) => /^[23]\d\d$/.test(status)))
        problems.push(`${method.toUpperCase()} ${path}: no success answer (2xx or 3xx)`);
      for (const [status, response] of Object.entries(operation.responses)) {
        const schema = (response as { content?: Record<string, { schema?: { $ref?: string } }> }).content?.[
          'application/json'
        ]?.schema;
        if (/^4\d\d$/.test(status) && schema?.$ref !== '#/components/schemas/ErrorBody')
          problems.push(`${method.toUpperCase()} ${path} ${status}: not the one error body`);
        // 204 has no body and a 3xx only a Location; every other success answer names its schema.
        if (/^2\d\d$/.test(status) && status !== '204' && !schema?.$ref?.startsWith('#/components/schemas/'))
          problems.push(`${method.toUpperCase()} ${path} ${status}: the success answer has no schema`);
      }
    }
  }
  return problems;
}

/** Where the documents are committed, from the repository's root: the generated clients are made from them. */
export const OPENAPI_DOCUMENTS_DIR = 'docs/openapi';
const REPOSITORY_ROOT = join(__dirname, '..', '..', '..');

/**
 * Whether the committed copy of a service's document (`docs/openapi/<service>.json`) is the one it
 * serves; `npm run generate:contracts` sets UPDATE_CONTRACTS=1, which rewrites the copy instead.
 */
export function committedDocumentProblems(document: OpenAPIObject, service: string): string[] {
  const file = join(REPOSITORY_ROOT, OPENAPI_DOCUMENTS_DIR, `${service}.json`);
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (process.env.UPDATE_CONTRACTS === '1') {
    writeFileSync(file, text);
    return [];
  }
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    return [`${OPENAPI_DOCUMENTS_DIR}/${service}.json is missing: run npm run generate:contracts`];
  }
  return committed === text
    ? []
    : [
        `${OPENAPI_DOCUMENTS_DIR}/${service}.json is stale (not what ${service} serves): run npm run generate:contracts`,
      ];
}

/**
 * Every problem of the document a service serves: the linter's, the platform's own promises, and a
 * committed copy that differs from it.
 */
export async function openApiDocumentProblems(management: Server, routePrefix: string): Promise<string[]> {
  const document = await fetchOpenApiDocument(management, routePrefix);
  const service = routePrefix.split('/').pop()!;
  return [
    ...(await lintOpenApiDocument(document)),
    ...contractProblems(document),
    ...committedDocumentProblems(document, service),
  ];
}
