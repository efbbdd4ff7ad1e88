import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isOperationalPath } from '@platform/contracts';
import type { FastifyInstance, FastifyServerFactory } from 'fastify';
import { errorBody } from '../errors/error-body';

/** Marks the requests that came in on the management port. */
const VIA_MANAGEMENT = Symbol('via management port');
type MarkedRequest = IncomingMessage & { [VIA_MANAGEMENT]?: true };

/**
 * The two ports of one service app (DESIGN.md "Operational endpoints"): the public port serves the
 * API, the management port health, metrics and OpenAPI. One Fastify router behind both servers; an
 * onRequest hook keeps each port to its own routes by matched template (so no path encoding slips
 * through), and one app means readiness and OpenAPI describe exactly what the public port serves.
 */
export class ManagementListener {
  private server?: Server;

  constructor(private readonly routePrefix: string) {}

  readonly serverFactory: FastifyServerFactory = (handler) => {
    this.server = createServer((request: MarkedRequest, response: ServerResponse) => {
      request[VIA_MANAGEMENT] = true;
      handler(request, response);
    });
    return createServer(handler);
  };

  /** The management port's server (not listening until `listen`); tests drive it with supertest. */
  get httpServer(): Server {
    if (!this.server) throw new Error('ManagementListener: the Fastify instance was not built with its serverFactory');
    return this.server;
  }

  /** Refuses operational routes on the public port and everything else on the management port. */
  install(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, reply, done) => {
      const path = request.routeOptions.url ?? request.url.split('?', 1)[0]!;
      const operational = isOperationalPath(this.routePrefix, path);
      if (operational === ((request.raw as MarkedRequest)[VIA_MANAGEMENT] === true)) {
        done();
        return;
      }
      const body = errorBody(404, `Cannot ${request.method} ${request.url.split('?', 1)[0]}`);
      void reply.code(404).header('content-type', 'application/json; charset=utf-8').send(body);
    });
    fastify.addHook('onClose', (_instance, done) => {
      if (!this.server?.listening) return done();
      this.server.close(() => done());
      this.server.closeAllConnections();
    });
  }

  listen(port: number, host: string): Promise<void> {
    const server = this.httpServer;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }
}
