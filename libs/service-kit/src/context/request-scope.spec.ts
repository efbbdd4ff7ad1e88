import type { EntityManager } from '@mikro-orm/core';
import Fastify from 'fastify';
import { maybeCorrelationId } from './correlation-context';
import { correlationIdOf, installRequestScope, LazyEntityManagerForks } from './request-scope';

function fakeEntityManager(): { em: EntityManager; forks: EntityManager[]; setMap(map: Map<string, unknown>): void } {
  const forks: EntityManager[] = [];
  let map: Map<string, unknown> = new Map();
  const em = {
    name: 'default',
    fork: jest.fn(() => {
      // MikroORM's fork asks the current context what to fork from: here, the root.
      expect(map.get('default')).toBeUndefined();
      const fork = { name: 'default', forked: forks.length } as unknown as EntityManager;
      forks.push(fork);
      return fork;
    }),
  } as unknown as EntityManager;
  return { em, forks, setMap: (m) => (map = m) };
}

describe('LazyEntityManagerForks', () => {
  it('forks only when asked, once per request, and only for its own EntityManager', () => {
    const { em, forks, setMap } = fakeEntityManager();
    const map = new LazyEntityManagerForks(em);
    setMap(map);
    expect(forks).toHaveLength(0);
    const first = map.get('default');
    expect(map.get('default')).toBe(first);
    expect(forks).toEqual([first]);
    expect(em.fork).toHaveBeenCalledWith({ useContext: true });
    expect(map.get('other')).toBeUndefined();
  });
});

describe('correlationIdOf', () => {
  it("keeps a well-formed caller's id and replaces anything else", () => {
    expect(correlationIdOf('abc-123')).toBe('abc-123');
    expect(correlationIdOf(['abc:1', 'x'])).toBe('abc:1');
    for (const bad of [undefined, '', 'a b', 'x'.repeat(129), '<script>']) {
      expect(correlationIdOf(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('installRequestScope', () => {
  it('runs the handler inside the correlation scope and echoes the id', async () => {
    const app = Fastify();
    installRequestScope(app, undefined);
    app.get('/', async () => ({ correlationId: maybeCorrelationId() }));
    app.post('/', async (request) => ({ correlationId: maybeCorrelationId(), body: request.body }));
    const get = await app.inject({ url: '/', headers: { 'x-correlation-id': 'abc-123' } });
    expect(get.headers['x-correlation-id']).toBe('abc-123');
    expect(get.json()).toEqual({ correlationId: 'abc-123' });
    const post = await app.inject({ method: 'POST', url: '/', payload: { a: 1 } });
    expect(post.json()).toEqual({ correlationId: post.headers['x-correlation-id'], body: { a: 1 } });
    await app.close();
  });
});
