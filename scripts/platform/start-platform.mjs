// Starts the whole platform as local processes: what `npm start` runs, and what the platform
// end-to-end tests start. Every service runs from its build, exactly as in its container image.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localEnvironment, localPorts, localTracing, serviceEnvironment } from './local-environment.mjs';
import { checkMachineServices } from './preflight.mjs';
import { ProcessGroup } from './processes.mjs';
import { startWebServer } from './web-server.mjs';

async function waitForReady(url, timeoutMs, isDead) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (isDead()) return false;
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function build(root, log) {
  log('building the services (tsc -b)…');
  const result = spawnSync('npx', ['tsc', '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed: see the TypeScript errors above');
  const web = join(root, 'services', 'web');
  if (existsSync(join(web, 'package.json'))) {
    log('building the web app (vite build)…');
    const webBuild = spawnSync('npm', ['run', 'build', '--workspace', 'services/web'], { cwd: root, stdio: 'inherit' });
    if (webBuild.status !== 0) throw new Error('web build failed: see the errors above');
  }
}

/**
 * @param {{ root: string, build?: boolean, seedDemoData?: (ctx) => Promise<void>, log?: (line: string) => void, env?: NodeJS.ProcessEnv }} options
 */
export async function startPlatform(options) {
  const { root } = options;
  const log = options.log ?? ((line) => console.log(line));
  const callerEnv = options.env ?? process.env;
  // A separate state folder (logs, object store, signing key) lets a test run live beside `npm start`.
  const stateDir = callerEnv.PLATFORM_STATE_DIR || join(root, '.platform');
  const ports = localPorts(callerEnv);
  if (options.build !== false) build(root, log);

  const requireBuilt = (lib) => createRequire(import.meta.url)(join(root, lib, 'dist', 'index.js'));
  const contracts = requireBuilt('libs/contracts');
  const env = localEnvironment(contracts, stateDir, callerEnv);
  const problems = await checkMachineServices(env);
  if (problems.length > 0) throw new Error(`cannot start:\n  - ${problems.join('\n  - ')}`);

  const group = new ProcessGroup(join(stateDir, 'logs'));
  const closers = [];
  let failure;
  const stop = async () => {
    await group.stopAll();
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };

  try {
    // Each in a supervised process of its own: a crash in one (s3rver, say, on a request it cannot
    // handle) is contained there, and the process is started again.
    const embeddedServer = join(dirname(fileURLToPath(import.meta.url)), 'embedded-server.mjs');
    await Promise.all([
      group.supervise(
        'mail-catcher',
        process.execPath,
        [embeddedServer, 'mail-catcher', `--smtp-port=${ports.mailSmtp}`, `--web-port=${ports.mailWeb}`],
        { cwd: root },
        { log },
      ),
      group.supervise(
        'object-store',
        process.execPath,
        [
          embeddedServer,
          'object-store',
          `--port=${ports.s3}`,
          `--directory=${join(stateDir, 's3')}`,
          `--bucket=${env.S3_BUCKET}`,
        ],
        { cwd: root },
        { log },
      ),
    ]);
    log(`mail catcher on http://localhost:${ports.mailWeb}, object store on http://localhost:${ports.s3}`);
    const tracing = localTracing(callerEnv);
    let tracesUrl = tracing.mode === 'external' ? tracing.endpoint : undefined;
    if (tracing.mode === 'local') {
      const { startTraceReceiver } = requireBuilt('libs/dev-traces');
      const receiver = await startTraceReceiver({ port: ports.traces });
      closers.push(receiver.close);
      tracesUrl = `http://localhost:${ports.traces}`;
      log(`trace view on ${tracesUrl}`);
    }
    const ingressPort = Number(env.INGRESS_PORT || contracts.DEV_INGRESS_PORT);
    if (tracing.mode !== 'off') {
      // The dev ingress's requests start the traces, as an instrumented ingress controller's would;
      // the SDK patches http before the ingress's modules load (below). Nothing else of this process is traced.
      const telemetry = requireBuilt('libs/telemetry').startTelemetry('dev-ingress', env, {
        traceIncoming: (request) => request.socket.localPort === ingressPort,
      });
      if (telemetry) closers.push(() => telemetry.shutdown());
    }
    const { startDevIngress } = await import('./dev-ingress.mjs');

    const services = contracts.BACKEND_SERVICE_NAMES.filter((name) =>
      existsSync(join(root, 'services', name, 'dist', 'main.js')),
    );
    const onExit = (proc, code, signal) => {
      failure = `${proc} stopped unexpectedly (${signal ?? code}); last log lines:\n${group.tail(proc)}`;
      log(failure);
    };
    // Databases are independent: migrate (and seed) them all at once, then start every process.
    await Promise.all(
      services.map(async (name) => {
        const cwd = join(root, 'services', name);
        const serviceEnv = serviceEnvironment(contracts, name, env);
        log(`${name}: migrating database "${serviceEnv.DATABASE_NAME}"…`);
        await group.run(`${name}-migrate`, process.execPath, [contracts.SERVICE_ENTRY_POINTS.migrate], {
          cwd,
          env: serviceEnv,
        });
        if (existsSync(join(cwd, 'dist', 'seed.js'))) {
          await group.run(`${name}-seed`, process.execPath, ['dist/seed.js'], { cwd, env: serviceEnv });
        }
      }),
    );
    for (const name of services) {
      const cwd = join(root, 'services', name);
      const serviceEnv = serviceEnvironment(contracts, name, env);
      group.start(name, process.execPath, [contracts.SERVICE_ENTRY_POINTS.server], { cwd, env: serviceEnv }, onExit);
      for (const worker of contracts.BACKEND_SERVICES[name].workers) {
        if (existsSync(join(cwd, 'dist', `${worker}.js`))) {
          group.start(`${name}-${worker}`, process.execPath, [`dist/${worker}.js`], { cwd, env: serviceEnv }, onExit);
        }
      }
    }
    // Health answers on each service's management port (public port + the contracts' offset).
    const managementPortOf = (name) =>
      contracts.managementPortOf(Number(serviceEnvironment(contracts, name, env).PORT));
    for (const name of services) {
      const port = serviceEnvironment(contracts, name, env).PORT;
      const url = `http://127.0.0.1:${managementPortOf(name)}${contracts.operationalPath(name, 'ready')}`;
      if (!(await waitForReady(url, 120_000, () => failure !== undefined))) {
        throw new Error(failure ?? `${name} did not become ready at ${url}; last log lines:\n${group.tail(name)}`);
      }
      log(`${name}: ready on :${port}`);
    }

    const webRoot = join(root, 'services', 'web', 'dist');
    const hasWeb = existsSync(join(webRoot, 'index.html'));
    const webPort = Number(env[contracts.WEB_APP.portEnv] || contracts.WEB_APP.port);
    const contentSecurityPolicy = contracts.webContentSecurityPolicy(contracts.mediaOrigins(env));
    if (hasWeb) closers.push((await startWebServer({ root: webRoot, port: webPort, contentSecurityPolicy })).close);

    const portOf = (route) =>
      route.service === 'web' ? webPort : Number(serviceEnvironment(contracts, route.service, env).PORT);
    const fallbackPage = hasWeb
      ? undefined
      : () =>
          `<!doctype html><title>Learning platform</title><h1>Learning platform</h1><ul>${services
            .map((name) => `<li><a href="/api/${name}/docs">${name} API</a></li>`)
            .join('')}</ul>`;
    // Loopback unless INGRESS_HOST says otherwise (0.0.0.0 shares the platform, demo accounts and
    // all, on the network); the edge's body limit is the services' unless INGRESS_BODY_LIMIT_BYTES.
    const ingress = await startDevIngress({
      routes: contracts.INGRESS_ROUTES,
      port: ingressPort,
      host: env.INGRESS_HOST || '127.0.0.1',
      bodyLimit: Number(env.INGRESS_BODY_LIMIT_BYTES || env.BODY_LIMIT_BYTES || 1_048_576),
      portOf,
      managementPortOf: (route) => managementPortOf(route.service),
      fallbackPage,
    });
    closers.push(ingress.close);

    const urls = {
      platform: `http://localhost:${ingressPort}`,
      mail: `http://localhost:${ports.mailWeb}`,
      objectStore: `http://localhost:${ports.s3}`,
      traces: tracesUrl,
    };
    if (options.seedDemoData) await options.seedDemoData({ env, urls, services, log, root });
    return { env, urls, services, stop, logDir: join(stateDir, 'logs'), failed: () => failure };
  } catch (error) {
    await stop();
    throw error;
  }
}
