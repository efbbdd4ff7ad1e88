import { randomUUID } from 'node:crypto';
import { testEnvironment } from '@platform/testing';

/** The environment of a catalog process under benchmark: its scratch database and exchange, production mode, no OpenAPI. */
export function catalogBenchEnvironment(options: {
  readonly databaseName: string;
  readonly exchange: string;
  readonly port: number;
  readonly issuerEnv: Record<string, string>;
}): NodeJS.ProcessEnv {
  return {
    ...testEnvironment({
      DATABASE_NAME: options.databaseName,
      EVENTS_EXCHANGE: options.exchange,
      LOG_LEVEL: 'error',
      OPENAPI_ENABLED: 'false',
      PORT: String(options.port),
      ...options.issuerEnv,
    }),
    NODE_ENV: 'production',
    PATH: process.env.PATH,
  };
}

/** One JSON call to catalog as the given bearer; throws on any non-2xx with the answer's start. */
export async function callCatalog<T>(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface DraftCourseShape {
  /** Says which benchmark made it, in its title and description. */
  readonly purpose: string;
  readonly index: number;
  readonly sections: number;
  readonly lessonsPerSection: number;
}

/** A draft course with `sections` × `lessonsPerSection` text lessons, through catalog's API; its id. */
export async function createDraftCourse(base: string, token: string, shape: DraftCourseShape): Promise<string> {
  const course = await callCatalog<{ id: string }>(base, token, 'POST', '/courses', {
    title: `Bench course ${shape.index} ${randomUUID().slice(0, 8)}`,
    description: `Created by bench/catalog ${shape.purpose}.`,
  });
  for (let s = 1; s <= shape.sections; s++) {
    const section = await callCatalog<{ id: string }>(base, token, 'POST', `/courses/${course.id}/sections`, {
      title: `Section ${s}`,
    });
    for (let l = 1; l <= shape.lessonsPerSection; l++) {
      await callCatalog(base, token, 'POST', `/sections/${section.id}/lessons`, {
        type: 'text',
        title: `Lesson ${s}.${l}`,
        content: 'A short text lesson.',
      });
    }
  }
  return course.id;
}
