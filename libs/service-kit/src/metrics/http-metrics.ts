import { PLATFORM_METRICS } from '@platform/contracts';
import { nameActiveSpanAfterRoute } from '@platform/telemetry';
import type { FastifyInstance } from 'fastify';
import { histogram } from './metrics-registry';

const requestDuration = histogram({
  name: PLATFORM_METRICS.httpRequestDuration.name,
  help: 'HTTP request duration by method, route template and status code',
  labelNames: ['method', 'route', 'status_code'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

/** Observes every response under its route template (`/courses/:id`), never the raw URL, to bound label cardinality. */
export function instrumentHttp(fastify: FastifyInstance): void {
  // The trace's server span, too, is named after the template: `POST /api/catalog/courses/:id/publish`.
  fastify.addHook('onRequest', (request, _reply, done) => {
    nameActiveSpanAfterRoute(request.method, request.routeOptions.url ?? 'unmatched');
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requestDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
