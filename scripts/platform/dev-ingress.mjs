// The local ingress on :8080: the same route table as the Kubernetes Ingress (libs/contracts
// INGRESS_ROUTES), longest prefix first, the web app catching the rest. A service with replicas
// (`npm start -- --replicas N`) is reached through its UpstreamPool, as through a Kubernetes Service.
import { STATUS_CODES } from 'node:http';
import { PassThrough } from 'node:stream';
import proxy from '@fastify/http-proxy';
import Fastify from 'fastify';

/** The error body of the platform (DESIGN.md): what the services answer, answered by the edge too. */
function errorBody(statusCode, error, message) {
  return { statusCode, error, message };
}

/**
 * Operational paths under a service's prefix that a developer may open through the local ingress:
 * health (the contract smoke probes it) and OpenAPI, sent to the service's management port. Metrics
 * never pass (404), and in clusters no Ingress routes any of them (DESIGN.md "Operational endpoints").
 */
const LOCAL_OPERATIONAL_PATHS = ['health', 'docs', 'docs-json'];

/** How much of an over-limit body the edge reads and drops to answer 413 cleanly, in limits. */
const DRAIN_LIMIT_FACTOR = 64;

/** Reads what is left of a request body and drops it; a body longer than `maxBytes` is cut off. */
function drainBody(request, maxBytes) {
  return new Promise((done) => {
    if (request.readableEnded || request.destroyed) return done();
    let received = 0;
    request.on('data', (chunk) => {
      received += chunk.length;
      if (received > maxBytes) request.destroy();
    });
    request.once('end', done);
    request.once('close', done);
    request.resume();
  });
}

/** Methods a retry cannot double; a request with an Idempotency-Key is retried as well. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/**
 * Whether a failed attempt may go to another replica: a refused connection never reached one (any
 * method, as nginx's proxy_next_upstream); a reset may have, so only a request a retry cannot double.
 */
function mayRetry(request, code) {
  if (code === 'ECONNREFUSED') return true;
  const reset = code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET';
  return reset && (IDEMPOTENT_METHODS.has(request.method) || Boolean(request.headers['idempotency-key']));
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/** The socket error under reply-from's wrapper (ECONNREFUSED, ECONNRESET, …). */
function upstreamErrorCode(error) {
  return error?.cause?.code ?? error?.code;
}

/**
 * What the edge answers when the upstream failed it: reply-from calls a refused or reset connection a
 * 500, which reads as a bug of the service; it is a 503 (not listening) or a 502 (dropped), named.
 */
function upstreamFailure(service, error) {
  if (error.statusCode !== 500) return error;
  const code = error.cause?.code ?? error.code;
  const failure =
    code === 'ECONNREFUSED'
      ? { statusCode: 503, message: `${service} is not accepting connections` }
      : { statusCode: 502, message: `${service} closed the connection before answering (${code})` };
  return Object.assign(new Error(failure.message), { statusCode: failure.statusCode });
}

const notFound = (request, reply) =>
  reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `Cannot ${request.method} ${request.url}` });

export async function startDevIngress({
  routes,
  port,
  host = '127.0.0.1',
  upstreamHost = '127.0.0.1',
  portOf,
  managementPortOf,
  poolOf = () => undefined,
  fallbackPage,
  bodyLimit = 1_048_576,
}) {
  // The edge: the client is the socket's peer, whatever X-Forwarded-For it sends; the services
  // trust one hop (this ingress) and so see that address.
  const app = Fastify({ logger: false, bodyLimit });
  const tooLarge = errorBody(413, 'Payload Too Large', `Request body is larger than allowed (${bodyLimit} bytes)`);
  // Bodies are read whole, up to the edge's own limit (413 past it, Content-Length or chunked),
  // before they go upstream with their length: streamed through, a body the service refuses
  // early (its own 413) broke the upload mid-way and the client got a 500 (write EPIPE) or a
  // reset instead of the service's answer. At most `bodyLimit` per request held here: API bodies
  // are small, and files go straight to the object store with presigned URLs.
  app.removeAllContentTypeParsers();
  // Handed on as a stream of the bytes received (reply-from would re-encode a parsed JSON body).
  // The bytes are kept, so that a retry on another replica sends them again.
  const bodies = new WeakMap();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    bodies.set(request, body);
    done(null, new PassThrough().end(body));
  });
  app.setErrorHandler(async (error, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // Fastify closes the connection here, while the client may still be sending: it then reads a
      // broken pipe (EPIPE) instead of this answer. So the rest of the body is read and dropped
      // (up to DRAIN_LIMIT_FACTOR times the limit, past which the socket is cut) and the 413 sent
      // once it has all arrived, on a connection that stays open.
      await drainBody(request.raw, bodyLimit * DRAIN_LIMIT_FACTOR);
      reply.removeHeader('connection');
      return reply.code(413).send(tooLarge);
    }
    // Anything else (an upstream failure: upstreamFailure) keeps its status, in the same shape.
    const statusCode = error.statusCode >= 400 ? error.statusCode : 500;
    return reply.code(statusCode).send(errorBody(statusCode, STATUS_CODES[statusCode] ?? 'Error', error.message));
  });
  const rewriteRequestHeaders = (request, headers) => ({
    ...headers,
    'x-forwarded-for': request.ip,
    'x-forwarded-proto': 'http',
    'x-forwarded-host': request.headers.host ?? `localhost:${port}`,
  });
  // No keep-alive to the services (a fresh connection per request): a replica that is draining
  // closes its idle sockets, and a request sent on one as it closes would be reset, not answered.
  const http = { requestOptions: { timeout: 30_000 }, agentOptions: { keepAlive: false } };
  const forward = (prefix, upstream, service) =>
    app.register(proxy, {
      upstream,
      prefix,
      rewritePrefix: prefix,
      proxyPayloads: false, // the parser above reads the body
      http,
      replyOptions: {
        rewriteRequestHeaders,
        onError: (reply, { error }) => reply.send(upstreamFailure(service, error)),
      },
    });

  // Which replica each request is on and which it tried, for the pool's in-flight counts and retries.
  const attempts = new WeakMap();
  const settle = (request) => {
    const attempt = attempts.get(request);
    if (attempt?.replica) attempt.replica.inFlight--;
    attempts.delete(request);
  };
  app.addHook('onResponse', async (request) => settle(request));
  app.addHook('onRequestAbort', async (request) => settle(request));
  const forwardToPool = (prefix, pool, portKey) => {
    const replyOptions = {
      rewriteRequestHeaders,
      getUpstream: (request) => {
        const attempt = attempts.get(request) ?? { tried: new Set(), replica: undefined };
        attempts.set(request, attempt);
        const replica = pool.pick(attempt.tried) ?? pool.pick() ?? [...pool.replicas.values()][0];
        if (attempt.replica) attempt.replica.inFlight--;
        attempt.replica = replica;
        replica.inFlight++;
        attempt.tried.add(replica.key);
        return `http://${upstreamHost}:${replica[portKey]}`;
      },
      onError: (reply, { error }) => {
        const request = reply.request;
        const attempt = attempts.get(request);
        const code = upstreamErrorCode(error);
        if (attempt?.replica && UNREACHABLE.has(code)) pool.markUnready(attempt.replica.key);
        if (!reply.sent && attempt && mayRetry(request, code) && pool.pick(attempt.tried)) {
          if (bodies.has(request)) request.body = new PassThrough().end(bodies.get(request));
          request.log.warn({ code, replica: attempt.replica?.key }, 'retrying on another replica');
          return reply.from(request.url.split('?')[0], replyOptions);
        }
        return reply.send(upstreamFailure(pool.name, error));
      },
    };
    return app.register(proxy, {
      upstream: `http://${upstreamHost}:1`, // replaced per request by getUpstream
      prefix,
      rewritePrefix: prefix,
      proxyPayloads: false,
      http,
      preHandler: async (request, reply) => {
        if (pool.replicas.size === 0) {
          return reply.code(503).send(errorBody(503, 'Service Unavailable', `no replica of ${pool.name} is running`));
        }
      },
      replyOptions,
    });
  };
  const ordered = [...routes].sort((a, b) => b.pathPrefix.length - a.pathPrefix.length);
  for (const route of ordered) {
    const isRoot = route.pathPrefix === '/';
    if (isRoot && fallbackPage) {
      app.get('/', async (_request, reply) => reply.type('text/html').send(fallbackPage()));
      continue;
    }
    if (!isRoot) {
      app.all(`${route.pathPrefix}/metrics`, notFound);
      app.all(`${route.pathPrefix}/metrics/*`, notFound);
      for (const path of LOCAL_OPERATIONAL_PATHS) {
        const prefix = `${route.pathPrefix}/${path}`;
        if (poolOf(route)) await forwardToPool(prefix, poolOf(route), 'managementPort');
        else if (managementPortOf)
          await forward(prefix, `http://${upstreamHost}:${managementPortOf(route)}`, route.service);
        else app.all(prefix, notFound).all(`${prefix}/*`, notFound);
      }
    }
    if (poolOf(route)) await forwardToPool(route.pathPrefix, poolOf(route), 'port');
    else await forward(isRoot ? '/' : route.pathPrefix, `http://${upstreamHost}:${portOf(route)}`, route.service);
  }
  // A client that asks before sending (Expect: 100-continue, curl's way with large bodies) is told
  // 413 at once and sends nothing: no half-sent body for the closing connection to cut off.
  app.server.on('checkContinue', (request, response) => {
    if (Number(request.headers['content-length']) > bodyLimit) {
      response.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
      response.end(JSON.stringify(tooLarge));
      return;
    }
    response.writeContinue();
    app.server.emit('request', request, response);
  });
  await app.listen({ port, host });
  return { close: () => app.close() };
}
