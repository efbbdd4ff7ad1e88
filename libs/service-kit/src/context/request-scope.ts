import type { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { type EntityManager, RequestContext } from '@mikro-orm/core';
import type { FastifyInstance } from 'fastify';
import { CORRELATION_HEADER, runWithCorrelationId } from './correlation-context';

const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `x-correlation-id` when it is well-formed, otherwise a new one. */
export function correlationIdOf(offered: string | string[] | undefined): string {
  const candidate = Array.isArray(offered) ? offered[0] : offered;
  return candidate && ACCEPTABLE_ID.test(candidate) ? candidate : randomUUID();
}

/**
 * A request's EntityManager forks by name, each made the first time the request asks for it
 * (MikroORM reads the map only with `get(name)`): MikroORM's own request context forks for every
 * request up front, also for those that never touch the database (docs/decisions/hot-read-path.md).
 */
export class LazyEntityManagerForks extends Map<string, EntityManager> {
  /** While forking: `fork` itself asks the current context what to fork from, which must be the root, as when MikroORM forks before entering its context. */
  private forking = false;

  constructor(private readonly root: EntityManager) {
    super();
  }

  override get(name: string): EntityManager | undefined {
    let fork = super.get(name);
    if (!fork && name === this.root.name && !this.forking) {
      this.forking = true;
      try {
        fork = this.root.fork({ useContext: true });
      } finally {
        this.forking = false;
      }
      this.set(name, fork);
    }
    return fork;
  }
}

/** MikroORM's private RequestContext storage, which getEntityManager reads (docs/library-internals.md). */
const requestContextStorage = (RequestContext as unknown as { storage: AsyncLocalStorage<RequestContext> }).storage;

/**
 * What every request runs inside, one Fastify `onRequest` hook: its correlation id (echoed back,
 * picked up by logs and recorded events) and, with a database, its own lazily forked EntityManager.
 * Registered after middie's hook, so guards, pipes and the handler run inside both scopes.
 */
export function installRequestScope(fastify: FastifyInstance, em: EntityManager | undefined): void {
  // Loud at start-up rather than on every request, should a MikroORM upgrade move its storage.
  if (em && typeof requestContextStorage?.run !== 'function')
    throw new Error("MikroORM's RequestContext storage is not where service-kit expects it (pinned to 6.6.16)");
  if (!em) {
    fastify.addHook('onRequest', (request, reply, done) => {
      const correlationId = correlationIdOf(request.headers[CORRELATION_HEADER]);
      reply.raw.setHeader(CORRELATION_HEADER, correlationId);
      runWithCorrelationId(correlationId, done);
    });
    return;
  }
  fastify.addHook('onRequest', (request, reply, done) => {
    const correlationId = correlationIdOf(request.headers[CORRELATION_HEADER]);
    reply.raw.setHeader(CORRELATION_HEADER, correlationId);
    const context = new RequestContext(new LazyEntityManagerForks(em));
    runWithCorrelationId(correlationId, () => requestContextStorage.run(context, done));
  });
}
