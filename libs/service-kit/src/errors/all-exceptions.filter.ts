import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from './domain-errors';
import { errorBody, type ErrorBody } from './error-body';

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message: string;
}

/** Validation problems named in one answer: a body of thousands of bad items must not get a megabyte of them back. */
const MAX_MESSAGES = 10;

function messageOf(response: string | object): string {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) {
    const named = message.slice(0, MAX_MESSAGES).map(String).join('; ');
    return message.length > MAX_MESSAGES ? `${named}; and ${message.length - MAX_MESSAGES} more` : named;
  }
  if (typeof message === 'string') return message;
  return 'Request failed';
}

function isFastifyClientError(error: unknown): error is FastifyLikeError {
  const candidate = error as FastifyLikeError;
  return (
    typeof candidate?.code === 'string' &&
    candidate.code.startsWith('FST_') &&
    typeof candidate.statusCode === 'number' &&
    candidate.statusCode >= 400 &&
    candidate.statusCode < 500
  );
}

/** Messages for Fastify's own refusals, which otherwise leak framework wording. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is larger than allowed',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported Content-Type: send application/json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Body cannot be empty when Content-Type is application/json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'Body is not valid JSON',
};

/** SQLSTATEs of a connection PostgreSQL ended or refused (admin_shutdown, crash_shutdown, cannot_connect_now, class 08). */
const LOST_CONNECTION_STATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const LOST_CONNECTION_MESSAGES =
  /Connection terminated unexpectedly|Transaction query already complete|Connection terminated due to connection timeout/;

/** A thrown value in one line for the log (errors by their message, anything else as it prints). */
function describe(exception: unknown): string {
  if (exception instanceof Error) return exception.message;
  const message = (exception as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(exception);
}

/**
 * Whether the request failed because its database connection was lost (a terminated backend, a
 * failover): 503, which a client may retry, rather than a 500 that reads as a bug.
 */
export function isDatabaseConnectionLost(exception: unknown): boolean {
  let current = exception as {
    code?: unknown;
    sqlState?: unknown;
    message?: unknown;
    cause?: unknown;
    previous?: unknown;
  };
  for (let depth = 0; depth < 4 && current; depth++) {
    if (LOST_CONNECTION_STATES.has(String(current.sqlState ?? current.code))) return true;
    if (typeof current.message === 'string' && LOST_CONNECTION_MESSAGES.test(current.message)) return true;
    current = (current.previous ?? current.cause) as typeof current;
  }
  return false;
}

/**
 * The one place errors become HTTP: domain errors by their kind, Nest's HTTP exceptions as they are,
 * framework refusals with a clear message; anything else is a 500 whose details go to the log only.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) return errorBody(exception.statusCode, exception.message, exception.details);
    if (exception instanceof HttpException) return errorBody(exception.getStatus(), messageOf(exception.getResponse()));
    if (exception instanceof SyntaxError && (exception as { statusCode?: number }).statusCode === 400) {
      return errorBody(400, 'Body is not valid JSON');
    }
    if (isFastifyClientError(exception)) {
      const statusCode = exception.statusCode as number;
      return errorBody(statusCode, FASTIFY_MESSAGES[exception.code as string] ?? exception.message);
    }
    if (isDatabaseConnectionLost(exception)) return errorBody(503, 'Database connection lost: try again');
    return errorBody(500, 'Internal server error');
  }

  /**
   * A 5xx answered on purpose (503 while draining, a dependency away) is one warning line: at a roll
   * every readiness probe would otherwise log an error with a stack. Anything else keeps its stack.
   */
  private logFailure(exception: unknown, body: ErrorBody): void {
    if (body.statusCode < 500) return;
    if (exception instanceof HttpException) {
      this.logger.warn(`${body.statusCode} ${body.message}`);
      return;
    }
    if (isDatabaseConnectionLost(exception)) {
      this.logger.warn(`${body.statusCode} ${body.message}: ${describe(exception)}`);
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : describe(exception));
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = this.toBody(exception);
    this.logFailure(exception, body);
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
