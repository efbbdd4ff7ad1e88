import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Level, Logger } from 'pino';

const REQUEST_ID_HEADER = 'x-request-id';

/** Probes and scrapes every few seconds would drown the useful lines. */
const UNLOGGED_PATH = /\/(health\/(live|ready)|metrics)$/;

/** 5xx are errors, 4xx warnings (refused input, missing rights), the rest information. */
export function requestLogLevel(statusCode: number): Level {
  return statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
}

/**
 * One line per answered request (path without its query string, the caller's `x-request-id`,
 * status, time taken), from an `onResponse` hook that does nothing when the level drops the line;
 * pino-http cost a third of the pipeline's CPU (docs/decisions/hot-read-path.md).
 */
export function installRequestLog(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    const level = requestLogLevel(reply.statusCode);
    const path = logger.isLevelEnabled(level) ? request.url.split('?', 1)[0] : undefined;
    if (path !== undefined && !UNLOGGED_PATH.test(path)) {
      const offered = request.headers[REQUEST_ID_HEADER];
      const id = (Array.isArray(offered) ? offered[0] : offered)?.slice(0, 128) ?? randomUUID();
      logger[level](
        {
          req: { id, method: request.method, url: path },
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime),
        },
        level === 'error' ? 'request failed' : 'request completed',
      );
    }
    done();
  });
}
