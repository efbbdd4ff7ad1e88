import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '@platform/testing';

const DEV_INGRESS = pathToFileURL(join(__dirname, '..', 'platform', 'dev-ingress.mjs')).href;

/** The dev ingress alone (an ES module, hence its own process) in front of these routes. */
async function startIngress(routes: Array<{ pathPrefix: string; service: string; port: number }>) {
  const port = await freePort();
  const script = `import(${JSON.stringify(DEV_INGRESS)}).then(({ startDevIngress }) =>
    startDevIngress({ routes: ${JSON.stringify(routes)}, port: ${port}, portOf: (route) => route.port }))
    .then(() => console.log('ready'), (error) => { console.error(error); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  if (!line.toString().includes('ready')) throw new Error(`dev ingress did not start: ${line}`);
  return { url: `http://127.0.0.1:${port}`, child };
}

describe('dev ingress: an upstream that fails the connection', () => {
  let resetter: Server;
  let ingress: { url: string; child: ChildProcess };

  beforeAll(async () => {
    resetter = createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    resetter.listen(0, '127.0.0.1');
    await once(resetter, 'listening');
    ingress = await startIngress([
      { pathPrefix: '/api/reset', service: 'resetter', port: (resetter.address() as { port: number }).port },
      { pathPrefix: '/api/down', service: 'downer', port: await freePort() },
    ]);
  });

  afterAll(async () => {
    ingress?.child.kill();
    resetter?.close();
  });

  it('answers a JSON 502 naming the service that dropped the connection, and 503 for one not listening', async () => {
    const answer = async (path: string) => {
      const response = await fetch(`${ingress.url}${path}`);
      return { status: response.status, body: await response.json() };
    };
    expect(await answer('/api/reset/x')).toEqual({
      status: 502,
      body: {
        statusCode: 502,
        error: 'Bad Gateway',
        message: 'resetter closed the connection before answering (ECONNRESET)',
      },
    });
    expect(await answer('/api/down/x')).toEqual({
      status: 503,
      body: { statusCode: 503, error: 'Service Unavailable', message: 'downer is not accepting connections' },
    });
  });
});
