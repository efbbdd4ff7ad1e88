import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { maybeCorrelationId } from '../context/correlation-context';

const REQUEST_ID_HEADER = 'x-request-id';

/** Headers and fields that must never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
];

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** pino JSON logs: one line per request with its request id and correlation id; secrets redacted. */
export function loggerOptions(service: string, level: string): Params {
  return {
    pinoHttp: {
      level,
      base: { service },
      messageKey: 'message',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: (request) => headerValue(request, REQUEST_ID_HEADER)?.slice(0, 128) ?? randomUUID(),
      mixin: () => {
        const correlationId = maybeCorrelationId();
        return correlationId ? { correlationId } : {};
      },
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      // Probes and scrapes every few seconds would drown the useful lines.
      autoLogging: { ignore: (request) => /\/(health\/(live|ready)|metrics)$/.test(request.url ?? '') },
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          url: request.url,
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
    },
  };
}
