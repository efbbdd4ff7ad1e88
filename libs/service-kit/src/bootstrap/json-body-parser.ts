import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { InvalidInputError } from '../errors/domain-errors';

/** Deepest nesting of objects and arrays a JSON body may have; our deepest DTO (a quiz) needs 4. */
export const JSON_MAX_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = new Set([0x5b, 0x7b]); // [ {
const CLOSE = new Set([0x5d, 0x7d]); // ] }

/**
 * Whether the JSON text nests deeper than `max`, in one pass over its bytes: parsing deep nesting
 * first is the cost (and class-transformer's stack overflow) to avoid, and neither secure-json-parse
 * nor Fastify has a depth option. Multi-byte UTF-8 never contains these ASCII bytes.
 */
export function nestsDeeperThan(body: Buffer | string, max: number): boolean {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPEN.has(byte)) {
      if (++depth > max) return true;
    } else if (CLOSE.has(byte)) {
      depth--;
    }
  }
  return false;
}

/**
 * The JSON body parser of every service: Fastify's own (secure-json-parse, prototype poisoning
 * refused, the body limit), after a depth check that answers 400 instead of burning CPU.
 */
export function installJsonBodyParser(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit }, (request, body, done) => {
    if (nestsDeeperThan(body, JSON_MAX_DEPTH)) {
      done(
        new InvalidInputError(`Body is nested too deeply: at most ${JSON_MAX_DEPTH} levels of objects and arrays`),
        undefined,
      );
      return;
    }
    parse(request, body.toString('utf8'), done);
  });
}
