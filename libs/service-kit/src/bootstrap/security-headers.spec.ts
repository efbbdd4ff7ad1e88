import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { applySecurityHeaders, HELMET_OPTIONS, helmetHeaders } from './security-headers';

async function answer(app: FastifyInstance, url: string): Promise<Record<string, unknown>> {
  app.get('/ok', async () => ({ ok: true }));
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  const { headers } = await app.inject(url);
  await app.close();
  const { date: _date, ...rest } = headers;
  return rest;
}

describe('security headers worked out once', () => {
  it.each(['/ok', '/boom', '/nowhere'])('are exactly what @fastify/helmet sets (%s)', async (url) => {
    const withPlugin = Fastify();
    await withPlugin.register(helmet, HELMET_OPTIONS);
    const once = Fastify();
    applySecurityHeaders(once, await helmetHeaders());
    expect(await answer(once, url)).toEqual(await answer(withPlugin, url));
  });

  it('hold our content security policy and helmet defaults', async () => {
    const headers = new Map((await helmetHeaders()).map(([name, value]) => [name.toLowerCase(), value]));
    expect(headers.get('content-security-policy')).toContain(`script-src 'self' 'unsafe-inline'`);
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(headers.size).toBeGreaterThan(8);
  });
});
