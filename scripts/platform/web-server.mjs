// Serves the built single-page app locally (in clusters an nginx image does it): static files,
// with index.html for every other path so client-side routes survive a reload, under the app's
// Content-Security-Policy (libs/contracts webContentSecurityPolicy, as the nginx image sends it).
import staticFiles from '@fastify/static';
import Fastify from 'fastify';

export async function startWebServer({ root, port, contentSecurityPolicy }) {
  const app = Fastify({ logger: false });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', contentSecurityPolicy);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
  });
  await app.register(staticFiles, { root, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (request.method !== 'GET' || request.url.startsWith('/api/'))
      return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: 'Not found' });
    return reply.sendFile('index.html');
  });
  await app.listen({ port, host: '127.0.0.1' });
  return { close: () => app.close() };
}
