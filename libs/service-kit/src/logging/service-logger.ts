import pino, { type Logger } from 'pino';
import { activeTraceLogFields } from '@platform/telemetry';
import { maybeCorrelationId } from '../context/correlation-context';

/** Fields that must never reach a log line, wherever a log call puts them. */
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

/**
 * The service's one pino logger: JSON lines with the service's name and, inside a request or a
 * message, its correlation id and the active span's `trace_id`/`span_id` (read when a line is
 * written, so no per-request child logger is needed for them); secrets redacted. Nest's Logger writes through it (nestjs-pino) and so does the
 * request log (request-log.ts).
 */
export function createServiceLogger(service: string, level: string): Logger {
  return pino({
    level,
    base: { service },
    messageKey: 'message',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: () => {
      const correlationId = maybeCorrelationId();
      const traceFields = activeTraceLogFields();
      return correlationId ? { correlationId, ...traceFields } : traceFields;
    },
  });
}

/** Injection token of the service's pino logger (ServiceKitModule). */
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');
