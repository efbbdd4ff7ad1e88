// The environment `npm start` gives every process: the platform settings the Kubernetes
// ConfigMap/Secret provide (libs/contracts platformSettings), with local values. Anything already
// set in the caller's environment wins.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Ports of the embedded stand-ins; overridable so a test run can live beside a running `npm start`. */
export function localPorts(callerEnv = process.env) {
  return {
    mailSmtp: Number(callerEnv.MAIL_SMTP_PORT || 1025),
    mailWeb: Number(callerEnv.MAIL_WEB_PORT || 1080),
    s3: Number(callerEnv.S3_PORT || 4569),
    // The OTLP/HTTP port collectors listen on; here the embedded trace receiver and its view.
    traces: Number(callerEnv.TRACES_PORT || 4318),
  };
}

/**
 * Where the processes send their spans: the embedded trace view (`local`), an OTLP endpoint the
 * developer set (`external`, e.g. a collector of their own), or nowhere (`off`: OTEL_SDK_DISABLED=true).
 */
export function localTracing(callerEnv = process.env) {
  if (String(callerEnv.OTEL_SDK_DISABLED ?? '').toLowerCase() === 'true') return { mode: 'off' };
  const endpoint = callerEnv.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || callerEnv.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (endpoint) return { mode: 'external', endpoint };
  return { mode: 'local', endpoint: `http://127.0.0.1:${localPorts(callerEnv).traces}` };
}
export const DEMO_PASSWORD_DEFAULT = 'demo-password-123';

/** A persistent local signing key, so tokens survive restarts of `npm start` (never committed: .platform/ is ignored). */
function localSigningKey(stateDir) {
  const file = join(stateDir, 'jwt-private-key.pem');
  if (!existsSync(file)) {
    mkdirSync(stateDir, { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8');
}

export function localEnvironment(contracts, stateDir, callerEnv = process.env) {
  const ports = localPorts(callerEnv);
  const ingress = `http://localhost:${callerEnv.INGRESS_PORT || contracts.DEV_INGRESS_PORT}`;
  const demoPassword = callerEnv.DEMO_PASSWORD || DEMO_PASSWORD_DEFAULT;
  const tracing = localTracing(callerEnv);
  const dev = contracts.DEV_PLATFORM_DEFAULTS;
  const { values } = contracts.platformSettings({
    nodeEnv: 'development',
    logLevel: 'info',
    databaseSsl: false,
    amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
    // Through the ingress, as through the identity Service in clusters: one process's own port is
    // gone while it restarts or a roll replaces it.
    identityUrl: `http://127.0.0.1:${callerEnv.INGRESS_PORT || contracts.DEV_INGRESS_PORT}`,
    publicUrl: ingress,
    corsOrigins: [ingress, `http://localhost:${contracts.WEB_APP.port}`],
    smtpUrl: `smtp://127.0.0.1:${ports.mailSmtp}`,
    mailFrom: dev.mailFrom,
    jwtPrivateKey: callerEnv.JWT_PRIVATE_KEY || localSigningKey(stateDir),
    admin: { email: dev.adminEmail, password: demoPassword },
    objectStore: {
      bucket: dev.bucket,
      region: dev.region,
      endpoint: `http://127.0.0.1:${ports.s3}`,
      publicEndpoint: `http://localhost:${ports.s3}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    },
    // Otherwise the caller's own OTEL_* (or none) reach the processes as they are.
    tracing: tracing.mode === 'local' ? { endpoint: tracing.endpoint } : undefined,
  });
  const defaults = {
    ...values,
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432',
    DEMO_PASSWORD: demoPassword,
    // As the images: V8's code for the bundles comes from Node's compile cache after the first start.
    NODE_COMPILE_CACHE: join(stateDir, 'compile-cache'),
    // Spans show up in the view within half a second rather than the SDK's default five.
    ...(tracing.mode === 'local' ? { OTEL_BSP_SCHEDULE_DELAY: '500' } : {}),
  };
  const env = { ...defaults };
  for (const [key, value] of Object.entries(callerEnv)) {
    if (value !== undefined && value !== '') env[key] = value;
  }
  return env;
}

/** Per-process variables, as the cdk8s Deployments set them. */
export function serviceEnvironment(contracts, name, baseEnv) {
  const service = contracts.BACKEND_SERVICES[name];
  return {
    // As the images run them (their ENV); the caller's environment may override.
    ...contracts.SERVICE_PROCESS_ENV,
    ...baseEnv,
    SERVICE_NAME: name,
    PORT: String(baseEnv[service.portEnv] || service.port),
    DATABASE_NAME: baseEnv[`${name.toUpperCase()}_DATABASE_NAME`] || service.database,
  };
}
