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
    return errorBody(500, 'Internal server error');
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
