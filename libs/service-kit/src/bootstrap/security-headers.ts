import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';

/** What helmet sets with our options: the OpenAPI page needs inline styles and scripts; everything else is JSON. */
export const HELMET_OPTIONS: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: [`'self'`],
      styleSrc: [`'self'`, `'unsafe-inline'`],
      imgSrc: [`'self'`, 'data:'],
      scriptSrc: [`'self'`, `'unsafe-inline'`],
    },
  },
};

type HeaderPairs = ReadonlyArray<readonly [string, string | number | readonly string[]]>;

/**
 * The headers @fastify/helmet sets with these (static) options, found once on a throwaway Fastify
 * instance: helmet itself rebuilds them on every request (docs/decisions/hot-read-path.md).
 */
export async function helmetHeaders(options: FastifyHelmetOptions = HELMET_OPTIONS): Promise<HeaderPairs> {
  const probe = Fastify();
  await probe.register(helmet, options);
  probe.get('/', (_request, reply) => {
    // Names as helmet spelled them, values as it set them: nothing but helmet has run yet.
    // (getRawHeaderNames is Node's since 15.13; @types/node leaves it out of ServerResponse.)
    const raw = reply.raw as typeof reply.raw & { getRawHeaderNames(): string[] };
    reply.send(raw.getRawHeaderNames().map((name) => [name, raw.getHeader(name)]));
  });
  try {
    return (await probe.inject('/')).json<Array<[string, string | number | string[]]>>();
  } finally {
    await probe.close();
  }
}

/** Sets the security headers on every response, at the point of the request pipeline where @fastify/helmet set them. */
export function applySecurityHeaders(fastify: FastifyInstance, headers: HeaderPairs): void {
  fastify.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}
