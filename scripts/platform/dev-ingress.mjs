// The local ingress on :8080: the same route table as the Kubernetes Ingress (libs/contracts
// INGRESS_ROUTES), longest prefix first, the web app catching the rest.
import proxy from '@fastify/http-proxy';
import Fastify from 'fastify';

export async function startDevIngress({
  routes,
  port,
  host = '0.0.0.0',
  upstreamHost = '127.0.0.1',
  portOf,
  fallbackPage,
}) {
  // The edge: the client is the socket's peer, whatever X-Forwarded-For it sends; the services
  // trust one hop (this ingress) and so see that address.
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
  const ordered = [...routes].sort((a, b) => b.pathPrefix.length - a.pathPrefix.length);
  for (const route of ordered) {
    const upstream = `http://${upstreamHost}:${portOf(route)}`;
    const isRoot = route.pathPrefix === '/';
    if (isRoot && fallbackPage) {
      app.get('/', async (_request, reply) => reply.type('text/html').send(fallbackPage()));
      continue;
    }
    await app.register(proxy, {
      upstream,
      prefix: isRoot ? '/' : route.pathPrefix,
      rewritePrefix: isRoot ? '/' : route.pathPrefix,
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
  }
  await app.listen({ port, host });
  return { close: () => app.close() };
}
