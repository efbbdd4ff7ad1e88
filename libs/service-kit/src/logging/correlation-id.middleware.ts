import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import { CORRELATION_HEADER, runWithCorrelationId } from '../context/correlation-context';

const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Runs the rest of the request inside a correlation scope: the caller's `x-correlation-id` when it is
 * well-formed, otherwise a new one. Echoed back so clients can quote it in bug reports.
 */
@Injectable()
export class CorrelationIdMiddleware implements NestMiddleware {
  use(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    const offered = request.headers[CORRELATION_HEADER];
    const candidate = Array.isArray(offered) ? offered[0] : offered;
    const correlationId = candidate && ACCEPTABLE_ID.test(candidate) ? candidate : randomUUID();
    response.setHeader(CORRELATION_HEADER, correlationId);
    runWithCorrelationId(correlationId, next);
  }
}
