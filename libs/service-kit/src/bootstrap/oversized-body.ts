import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** How much of a refused body is read and dropped, in body limits, before the connection is cut. */
export const OVERSIZED_BODY_DRAIN_FACTOR = 64;

/**
 * Sends a 413 on a connection that stays open: the rest of the body is read and dropped (up to
 * `drainLimit` bytes), as Fastify's `connection: close` made a proxy still writing the body see a
 * broken pipe instead of the answer.
 */
export function installOversizedBodyDrain(fastify: FastifyInstance, drainLimit: number): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode === 413 && !request.raw.complete && withinDrainLimit(request, drainLimit)) {
      reply.removeHeader('connection');
      drainRequestBody(request, reply, drainLimit);
    }
    done(null, payload);
  });
}

function withinDrainLimit(request: FastifyRequest, drainLimit: number): boolean {
  const declared = Number(request.headers['content-length']);
  return Number.isNaN(declared) || declared <= drainLimit;
}

/** Reads the body to its end; past `drainLimit` bytes (a chunked body) the socket is cut once the answer is out. */
function drainRequestBody(request: FastifyRequest, reply: FastifyReply, drainLimit: number): void {
  const body = request.raw;
  let drained = 0;
  const onData = (chunk: Buffer | string): void => {
    drained += chunk.length;
    if (drained <= drainLimit) return;
    body.off('data', onData);
    body.pause();
    if (reply.raw.writableFinished) body.socket.destroy();
    else reply.raw.once('finish', () => body.socket.destroy());
  };
  body.on('data', onData);
  body.resume();
}
