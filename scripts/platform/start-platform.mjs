// Starts the whole platform as local processes: what `npm start` runs, and what the platform
// end-to-end tests start. Every service runs from its build, exactly as in its container image.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { controlSocketPath, serveControlSocket } from './control-socket.mjs';
import { localEnvironment, localPorts, localTracing, serviceEnvironment } from './local-environment.mjs';
import { checkMachineServices } from './preflight.mjs';
import { platformControl } from './platform-control.mjs';
import { ProcessGroup } from './processes.mjs';
import { REPLICA_PORT_STEP, ReplicaSet } from './replica-set.mjs';
import { startBrokerProxy } from './tcp-proxy.mjs';
import { UpstreamPool } from './upstream-pool.mjs';
import { startWebServer } from './web-server.mjs';

function build(root, log) {
  log('building the services (tsc -b, then one bundle per entry point)…');
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed: see the TypeScript errors above');
  const web = join(root, 'services', 'web');
  if (existsSync(join(web, 'package.json'))) {
    log('building the web app (vite build)…');
    const webBuild = spawnSync('npm', ['run', 'build', '--workspace', 'services/web'], { cwd: root, stdio: 'inherit' });
    if (webBuild.status !== 0) throw new Error('web build failed: see the errors above');
  }
}

/**
 * @param {{ root: string, build?: boolean, replicas?: number, seedDemoData?: (ctx) => Promise<void>, log?: (line: string) => void, env?: NodeJS.ProcessEnv }} options
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
  // First: a second platform on this state folder stops here, before its ports clash.
  let control = async () => {
    throw new Error('the platform is still starting');
  };
  const controlSocket = await serveControlSocket({
    path: controlSocketPath(stateDir),
    handle: (command) => control(command),
  });
  closers.push(controlSocket.close);
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
    // The processes reach RabbitMQ through a proxy of the platform's own, which the control socket
    // can cut (a broker outage) without touching the machine's RabbitMQ. Not over TLS (amqps): the
    // broker's certificate names its host, not the proxy's.
    const brokerUrl = env.AMQP_URL;
    const broker = new URL(brokerUrl).protocol === 'amqp:' ? await startBrokerProxy(brokerUrl) : undefined;
    if (broker) {
      closers.push(() => broker.proxy.stop());
      env.AMQP_URL = broker.amqpUrl;
    }
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
    // N processes of each service and worker (`--replicas N`), each service's behind a pool the
    // ingress balances over; with more than one, a SIGTERMed replica keeps serving while the
    // ingress's readiness polls take it out of rotation (3 polls), as a preStop delay does in clusters.
    const replicas = options.replicas ?? 1;
    const replicaEnv = replicas > 1 && !callerEnv.SHUTDOWN_DRAIN_MS ? { SHUTDOWN_DRAIN_MS: '1500' } : {};
    const sets = new Map();
    const pools = new Map();
    const onUnexpectedExit = (proc, code, signal) => {
      failure = `${proc} stopped unexpectedly (${signal ?? code}); last log lines:\n${group.tail(proc)}`;
      log(failure);
    };
    const common = { group, command: process.execPath, single: replicas === 1, onUnexpectedExit, log };
    for (const name of services) {
      const cwd = join(root, 'services', name);
      const serviceEnv = { ...serviceEnvironment(contracts, name, env), ...replicaEnv };
      const port = Number(serviceEnv.PORT);
      const readyPath = contracts.operationalPath(name, 'ready');
      const pool = new UpstreamPool({ name, readyPath });
      pools.set(name, pool);
      const portsOf = (slot) => ({
        port: port + slot * REPLICA_PORT_STEP,
        managementPort: contracts.managementPortOf(port) + slot * REPLICA_PORT_STEP,
      });
      const envOf = (slot) => ({
        ...serviceEnv,
        PORT: String(portsOf(slot).port),
        MANAGEMENT_PORT: String(portsOf(slot).managementPort),
      });
      const server = contracts.SERVICE_ENTRY_POINTS.server;
      sets.set(name, new ReplicaSet({ ...common, name, args: [server], cwd, envOf, portsOf, readyPath, pool }));
      for (const worker of contracts.BACKEND_SERVICES[name].workers) {
        const workerEntry = `dist/${worker}.bundle.js`; // as SERVICE_ENTRY_POINTS.worker
        if (!existsSync(join(cwd, workerEntry))) continue;
        // media's worker, the one worker there is: its only port is its management port.
        const workerPort = Number(serviceEnv[contracts.MEDIA_WORKER.portEnv] || contracts.MEDIA_WORKER.port);
        const workerPorts = (slot) => ({
          port: workerPort + slot * REPLICA_PORT_STEP,
          managementPort: workerPort + slot * REPLICA_PORT_STEP,
        });
        sets.set(
          `${name}-${worker}`,
          new ReplicaSet({
            ...common,
            name: `${name}-${worker}`,
            args: [workerEntry],
            cwd,
            envOf: (slot) => ({ ...serviceEnv, [contracts.MEDIA_WORKER.portEnv]: String(workerPorts(slot).port) }),
            portsOf: workerPorts,
            readyPath: `${contracts.MEDIA_WORKER.routePrefix}/${contracts.OPERATIONAL_PATHS.ready}`,
          }),
        );
      }
    }
    const started = [...sets.values()].flatMap((set) => Array.from({ length: replicas }, () => [set, set.start()]));
    await Promise.all(
      started.map(async ([set, replica]) => {
        if (!(await set.waitReady(replica, 120_000)) || failure !== undefined) {
          throw new Error(
            failure ?? `${replica.key} did not become ready; last log lines:\n${group.tail(replica.key)}`,
          );
        }
      }),
    );
    for (const name of services)
      log(
        `${name}: ready on :${sets
          .get(name)
          .list()
          .map((replica) => replica.port)
          .join(', :')}`,
      );
    await Promise.all([...pools.values()].map((pool) => pool.start()));
    closers.push(async () => pools.forEach((pool) => pool.stop()));

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
      poolOf: (route) => pools.get(route.service),
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
    const info = () => ({
      ingressUrl: urls.platform,
      mailUrl: urls.mail,
      objectStoreUrl: urls.objectStore,
      // The broker itself (the virtual host kept), to read queues while the proxy is cut.
      amqpUrl: brokerUrl,
      databaseUrl: env.DATABASE_URL,
      databases: Object.fromEntries(
        services.map((name) => [name, serviceEnvironment(contracts, name, env).DATABASE_NAME]),
      ),
      demoPassword: env.DEMO_PASSWORD,
      logDir: join(stateDir, 'logs'),
      pid: process.pid,
    });
    control = platformControl({ sets, pools, info, brokerProxy: broker?.proxy });
    return {
      env,
      urls,
      services,
      stop,
      control,
      controlSocket: controlSocket.path,
      logDir: join(stateDir, 'logs'),
      failed: () => failure,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
