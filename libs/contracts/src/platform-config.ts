/**
 * Environment variables shared by the platform's pods. In clusters the non-secret ones come from
 * the ConfigMap `platform-config`, the secret ones from the Secret `platform-secrets`; locally
 * `npm start` sets them. Each service validates the ones it reads at start-up (service-kit).
 * Per-service variables (PORT, DATABASE_NAME, SERVICE_NAME) are set on each Deployment instead, and
 * each service's own DATABASE_URL comes from its Secret `<service>-database` (database-access.ts).
 */
export const PLATFORM_CONFIG_MAP = 'platform-config';
export const PLATFORM_SECRET = 'platform-secrets';

export interface PlatformSetting {
  readonly key: string;
  readonly secret: boolean;
  readonly description: string;
}

export const PLATFORM_SETTINGS = [
  { key: 'NODE_ENV', secret: false, description: 'production | development | test' },
  { key: 'LOG_LEVEL', secret: false, description: 'pino level: fatal | error | warn | info | debug | trace' },
  { key: 'DATABASE_SSL', secret: false, description: 'true to require TLS to PostgreSQL (RDS)' },
  { key: 'AMQP_URL', secret: true, description: 'RabbitMQ URL (amqp:// or amqps://)' },
  { key: 'JWKS_URL', secret: false, description: "identity's JWKS, fetched once and cached by every service" },
  { key: 'JWT_ISSUER', secret: false, description: 'iss claim of access tokens' },
  { key: 'JWT_AUDIENCE', secret: false, description: 'aud claim of access tokens' },
  { key: 'JWT_PRIVATE_KEY', secret: true, description: 'identity only: PKCS#8 PEM of the EdDSA signing key' },
  { key: 'PUBLIC_URL', secret: false, description: 'public base URL of the web app, used in e-mail links' },
  { key: 'CORS_ORIGINS', secret: false, description: 'comma-separated origins allowed by CORS' },
  { key: 'SMTP_URL', secret: true, description: 'smtp:// or smtps:// URL of the mail relay' },
  { key: 'MAIL_FROM', secret: false, description: 'From address of platform e-mail' },
  { key: 'S3_BUCKET', secret: false, description: 'media bucket' },
  { key: 'S3_REGION', secret: false, description: 'bucket region' },
  { key: 'S3_ENDPOINT', secret: false, description: 'S3 API endpoint for the services (empty for AWS)' },
  {
    key: 'S3_PUBLIC_ENDPOINT',
    secret: false,
    description: 'S3 endpoint the browser reaches; presigned URLs are signed for it',
  },
  { key: 'S3_FORCE_PATH_STYLE', secret: false, description: 'true for MinIO and s3rver' },
  {
    key: 'AWS_ACCESS_KEY_ID',
    secret: true,
    description: 'static S3 credentials (MinIO, s3rver); unset on EKS (pod identity)',
  },
  { key: 'AWS_SECRET_ACCESS_KEY', secret: true, description: 'see AWS_ACCESS_KEY_ID' },
  { key: 'ADMIN_EMAIL', secret: false, description: 'identity only: first admin account, created at start if missing' },
  { key: 'ADMIN_PASSWORD', secret: true, description: 'identity only: password of the first admin' },
  {
    key: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    secret: false,
    description: 'OTLP/HTTP collector the processes send traces to (http://collector:4318); empty: no tracing',
  },
  {
    key: 'OTEL_TRACES_SAMPLER',
    secret: false,
    description: 'OpenTelemetry sampler, e.g. parentbased_traceidratio (default parentbased_always_on)',
  },
  {
    key: 'OTEL_TRACES_SAMPLER_ARG',
    secret: false,
    description: 'the sampler’s argument: the ratio of new traces kept',
  },
] as const satisfies readonly PlatformSetting[];

/** The name of one platform setting. */
export type PlatformSettingKey = (typeof PLATFORM_SETTINGS)[number]['key'];

/**
 * Environment of every backend process, set by the images (ENV; a test compares the Dockerfile),
 * `npm start`, the benchmarks and the tests that start processes, so that all run alike (the
 * figures are in bench/README.md):
 * - V8's young generation capped per semi-space: Node 24 sizes it by the machine's memory, which
 *   costs idle and peak memory per pod and bought no measurable start-up or throughput;
 * - glibc's malloc arenas capped: otherwise each of libvips' (sharp's) threads in the media worker
 *   keeps an arena of freed image memory, and the burst peak grows with them.
 */
export const SERVICE_PROCESS_ENV = {
  NODE_OPTIONS: '--max-semi-space-size=8',
  MALLOC_ARENA_MAX: '2',
} as const;

/**
 * Entry points inside every backend image (`node <entry>`), relative to the service folder: one
 * bundle per entry (scripts/build/bundle-services.mjs, part of `npm run build`), which starts in
 * a fraction of the CPU of tsc's ~2,500 modules (bench/README.md).
 */
export const SERVICE_ENTRY_POINTS = {
  server: 'dist/main.bundle.js',
  migrate: 'dist/migrate.bundle.js',
  worker: 'dist/worker.bundle.js',
} as const;

/** tsc's output of the same entry points: what skaffold dev runs (its sync updates it file by file). */
export const SERVICE_DEV_ENTRY_POINTS = {
  server: 'dist/main.js',
  migrate: 'dist/migrate.js',
  worker: 'dist/worker.js',
} as const;
