// The local ingress on :8080: the same route table as the Kubernetes Ingress (libs/contracts
// INGRESS_ROUTES), longest prefix first, the web app catching the rest.
import proxy from '@fastify/http-proxy';
import Fastify from 'fastify';

/**
 * Operational paths under a service's prefix that a developer may open through the local ingress:
 * health (the contract smoke probes it) and OpenAPI, sent to the service's management port. Metrics
 * never pass (404), and in clusters no Ingress routes any of them (DESIGN.md "Operational endpoints").
 */
const LOCAL_OPERATIONAL_PATHS = ['health', 'docs', 'docs-json'];

const notFound = (request, reply) =>
  reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `Cannot ${request.method} ${request.url}` });

export async function startDevIngress({
  routes,
  port,
  host = '0.0.0.0',
  upstreamHost = '127.0.0.1',
  portOf,
  managementPortOf,
  fallbackPage,
}) {
  // The edge: the client is the socket's peer, whatever X-Forwarded-For it sends; the services
  // trust one hop (this ingress) and so see that address.
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
  const forward = (prefix, upstream) =>
    app.register(proxy, {
      upstream,
      prefix,
      rewritePrefix: prefix,
      http: { requestOptions: { timeout: 30_000 } },
      replyOptions: {
        rewriteRequestHeaders: (request, headers) => ({
          ...headers,
          'x-forwarded-for': request.ip,
          'x-forwarded-proto': 'http',
          'x-forwarded-host': request.headers.host ?? `localhost:${port}`,
        }),
      },
    });
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
        if (managementPortOf) await forward(prefix, `http://${upstreamHost}:${managementPortOf(route)}`);
        else app.all(prefix, notFound).all(`${prefix}/*`, notFound);
      }
    }
    await forward(isRoot ? '/' : route.pathPrefix, `http://${upstreamHost}:${portOf(route)}`);
  }
  await app.listen({ port, host });
  return { close: () => app.close() };
}
