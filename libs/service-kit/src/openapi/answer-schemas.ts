import { ApiExtension } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

/** The success answer an operation documents (`@ApiAnswer`), completed by `completeOperations`. */
export const ANSWER_EXTENSION = 'x-answer';

interface NamedAnswer {
  readonly schema: z.ZodType;
  readonly example: unknown;
}

/** Every answer schema of the process by component name: one name, one schema across all services. */
const answers = new Map<string, NamedAnswer>();
const names = new WeakMap<z.ZodType, string>();

/**
 * Names a view's zod schema as an OpenAPI component with a realistic example: the view's TypeScript
 * type is `z.infer` of it, so the document and what the controller returns come from one source.
 */
export function answerSchema<T extends z.ZodType>(name: string, schema: T, example: z.output<T>): T {
  const known = answers.get(name);
  if (known && known.schema !== schema) throw new Error(`two answer schemas are named ${name}`);
  answers.set(name, { schema, example });
  names.set(schema, name);
  return schema;
}

/** The example `answerSchema` recorded, to build the examples of schemas made of it. */
export function answerExample<T extends z.ZodType>(schema: T): z.output<T> {
  const name = names.get(schema);
  if (!name) throw new Error('answerExample: name the schema with answerSchema first');
  return answers.get(name)!.example as z.output<T>;
}

/** Fields every view spells alike. */
export const answerFields = {
  id: () => z.string().meta({ format: 'uuid' }),
  timestamp: () => z.string().meta({ format: 'date-time' }),
  count: () => z.int().min(0),
};

/** The one shape of every paginated answer (DESIGN.md): `{ items, total, page, limit }`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: answerFields.count().meta({ description: 'Items across all pages.' }),
    page: z.int().min(1),
    limit: z.int().min(1).max(100),
  });
}

/** `answerSchema` of a page of `item`, named `<item's name>Page`, its example built from the item's. */
export function namedPageSchema<T extends z.ZodType>(item: T, total = 1) {
  const itemName = names.get(item);
  if (!itemName) throw new Error('namedPageSchema: name the item schema with answerSchema first');
  const example = { items: [answers.get(itemName)!.example as z.output<T>], total, page: 1, limit: 20 };
  return answerSchema(`${itemName.replace(/View$/, '')}Page`, pageSchema(item), example);
}

/**
 * Documents the schema of the operation's success answer (the 2xx Nest documents from the method and
 * `@HttpCode`), with the schema's example; `description` says what the answer is.
 */
export const ApiAnswer = (schema: z.ZodType, description: string): MethodDecorator => {
  const name = names.get(schema);
  if (!name) throw new Error('ApiAnswer: name the schema with answerSchema first');
  return ApiExtension(ANSWER_EXTENSION, { name, description });
};

/** The `content` of an answer with a named schema: what `@ApiAnswer` documents, for hand-written entries. */
export function answerContent(schema: z.ZodType): Record<string, { schema: { $ref: string }; example: unknown }> {
  const name = names.get(schema);
  if (!name) throw new Error('answerContent: name the schema with answerSchema first');
  return answerContentNamed(name);
}

export function answerContentNamed(name: string): Record<string, { schema: { $ref: string }; example: unknown }> {
  const answer = answers.get(name);
  if (!answer) throw new Error(`no answer schema is named ${name}`);
  return { 'application/json': { schema: { $ref: `#/components/schemas/${name}` }, example: answer.example } };
}

/** The OpenAPI 3.0 schema components of every answer schema, each nested named schema as a `$ref`. */
export function answerComponents(): Record<string, SchemaObject> {
  const registry = z.registry<{ id: string }>();
  for (const [name, { schema }] of answers) registry.add(schema, { id: name });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'openapi-3.0',
    io: 'output',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([name, { $id: _id, ...schema }]) => [name, withNullInEnums(schema) as SchemaObject]),
  );
}

/** OpenAPI 3.0.3: `nullable` does not widen an `enum`, so a nullable enum lists null itself. */
function withNullInEnums(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withNullInEnums);
  if (typeof schema !== 'object' || schema === null) return schema;
  const entries = Object.entries(schema).map(([key, value]) => [key, withNullInEnums(value)] as const);
  const result: Record<string, unknown> = Object.fromEntries(entries);
  if (result.nullable === true && Array.isArray(result.enum) && !result.enum.includes(null))
    result.enum = [...result.enum, null];
  return result;
}
