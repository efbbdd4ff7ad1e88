import {
  BACKEND_SERVICE_NAMES,
  DATABASE_ADMIN_SECRET,
  DATABASE_ADMIN_URL_KEY,
  DATABASE_URL_KEY,
  DEV_INGRESS_PORT,
  DEV_PLATFORM_DEFAULTS,
  IN_CLUSTER_IDENTITY_URL,
  platformSettings,
  serviceDatabaseRole,
  serviceDatabaseSecret,
} from '@platform/contracts';
import { Chart, type ChartProps, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { DevStatefulService } from '../constructs/dev-stateful-service';
import { PlatformSettings } from '../constructs/platform-settings';
import { WorkloadNetworkPolicy } from '../constructs/workload-network-policy';
import { DEV_INFRA_PART_OF, PART_OF, workloadLabels } from '../labels';
import { hardenPodSpec, restrictedContainerSecurity, restrictedPodSecurity, tmpVolume } from '../pod-hardening';

/** Images of the backing services, pinned by version. */
export const DEV_INFRA_IMAGES = {
  postgres: 'postgres:17.6-bookworm',
  rabbitmq: 'rabbitmq:4.1.4-management',
  minio: 'minio/minio:RELEASE.2025-09-07T16-13-09Z',
  minioClient: 'minio/mc:RELEASE.2025-08-13T08-35-41Z',
  mailCatcher: 'axllent/mailpit:v1.27.0',
  otelCollector: 'otel/opentelemetry-collector:0.111.0',
  jaeger: 'jaegertracing/all-in-one:1.62.0',
} as const;

/** The collector's OTLP/HTTP port, where the platform's processes send their spans. */
export const OTLP_HTTP_PORT = 4318;
const OTLP_GRPC_PORT = 4317;
const JAEGER_UI_PORT = 16686;

/** Credentials of the local backing services; known values for a throw-away cluster only. */
export interface DevInfraCredentials {
  readonly postgresPassword: string;
  readonly rabbitmqUser: string;
  readonly rabbitmqPassword: string;
  readonly minioUser: string;
  readonly minioPassword: string;
  /** Password of the first admin (and the demo accounts of the seed). */
  readonly adminPassword: string;
}

export const DEV_INFRA_DEFAULT_CREDENTIALS: DevInfraCredentials = {
  postgresPassword: 'postgres-dev-only',
  rabbitmqUser: 'platform',
  rabbitmqPassword: 'rabbitmq-dev-only',
  minioUser: 'platform',
  minioPassword: 'minio-dev-only',
  adminPassword: 'demo-password-123',
};

/** The namespace skaffold deploys the minikube manifests into (skaffold.yaml `defaultNamespace`). */
export const MINIKUBE_NAMESPACE = 'default';

/** What the local platform settings derive from. */
export interface DevSettingsOptions {
  /** @default DEV_INFRA_DEFAULT_CREDENTIALS */
  readonly credentials?: DevInfraCredentials;
  /**
   * Namespace the backing services run in: the broker's address is its fully qualified name, which
   * KEDA's operator (in its own namespace) resolves too.
   * @default MINIKUBE_NAMESPACE
   */
  readonly namespace?: string;
  /**
   * Origin at which the browser reaches the platform: skaffold's port-forward of the ingress controller.
   * @default http://localhost:8080
   */
  readonly publicUrl?: string;
  /**
   * S3 endpoint the browser reaches (skaffold's port-forward of MinIO); presigned URLs are signed for its host.
   * @default http://localhost:9000
   */
  readonly objectStorePublicUrl?: string;
}

export interface DevInfraChartProps extends ChartProps, DevSettingsOptions {
  /**
   * Namespace of KEDA, whose operator reads the worker queue's depth from RabbitMQ.
   * @default 'keda'
   */
  readonly kedaNamespace?: string;
}

const BUCKET = DEV_PLATFORM_DEFAULTS.bucket;

/**
 * The platform settings for the minikube backing services (libs/contracts' builder): the non-secret
 * ones go to ConfigMap `platform-config` (DevInfraChart, committed), the secret ones to Secret
 * `platform-secrets` (DevSecretsChart, written per checkout: it holds identity's key).
 */
export function devPlatformSettings(
  options: DevSettingsOptions,
  jwtPrivateKey: string,
): { config: Record<string, string>; secrets: Record<string, string> } {
  const credentials = options.credentials ?? DEV_INFRA_DEFAULT_CREDENTIALS;
  const publicUrl = options.publicUrl ?? `http://localhost:${DEV_INGRESS_PORT}`;
  const namespace = options.namespace ?? MINIKUBE_NAMESPACE;
  const { config, secrets } = platformSettings({
    nodeEnv: 'development',
    logLevel: 'info',
    databaseSsl: false,
    // Fully qualified: KEDA's operator reads this URL (TriggerAuthentication) from another namespace.
    amqpUrl: `amqp://${credentials.rabbitmqUser}:${credentials.rabbitmqPassword}@rabbitmq.${namespace}.svc.cluster.local:5672`,
    identityUrl: IN_CLUSTER_IDENTITY_URL,
    publicUrl,
    smtpUrl: 'smtp://mailpit:1025',
    mailFrom: DEV_PLATFORM_DEFAULTS.mailFrom,
    jwtPrivateKey,
    admin: { email: DEV_PLATFORM_DEFAULTS.adminEmail, password: credentials.adminPassword },
    objectStore: {
      bucket: BUCKET,
      region: DEV_PLATFORM_DEFAULTS.region,
      endpoint: 'http://minio:9000',
      publicEndpoint: options.objectStorePublicUrl ?? 'http://localhost:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: credentials.minioUser, secretAccessKey: credentials.minioPassword },
    },
    // A developer's cluster keeps every trace.
    tracing: { endpoint: `http://otel-collector:${OTLP_HTTP_PORT}`, sampler: 'parentbased_always_on', samplerArg: '1' },
  });
  return { config: { ...config }, secrets: { ...secrets } };
}

const CREDENTIALS_SECRET = 'dev-infra-credentials';
const RABBITMQ_CONFIG = 'rabbitmq-config';
const COLLECTOR_CONFIG = 'otel-collector-config';

/** The dev collector: OTLP in, batched, to Jaeger over OTLP/gRPC (Jaeger speaks OTLP natively). */
function collectorConfig(jaegerHost: string): string {
  return [
    'receivers:',
    '  otlp:',
    '    protocols:',
    `      http: { endpoint: '0.0.0.0:${OTLP_HTTP_PORT}' }`,
    `      grpc: { endpoint: '0.0.0.0:${OTLP_GRPC_PORT}' }`,
    'processors:',
    '  memory_limiter: { check_interval: 1s, limit_percentage: 80, spike_limit_percentage: 25 }',
    '  batch: {}',
    'exporters:',
    '  otlp/jaeger:',
    `    endpoint: '${jaegerHost}:${OTLP_GRPC_PORT}'`,
    '    tls: { insecure: true }',
    'extensions:',
    "  health_check: { endpoint: '0.0.0.0:13133' }",
    'service:',
    '  extensions: [health_check]',
    '  pipelines:',
    '    traces: { receivers: [otlp], processors: [memory_limiter, batch], exporters: [otlp/jaeger] }',
    '',
  ].join('\n');
}

/**
 * Backing services for minikube: PostgreSQL, RabbitMQ, MinIO and a mail catcher (Mailpit) as
 * StatefulSets with persistent volumes, a Job that creates the media bucket, NetworkPolicies that
 * let only the platform's pods in, and the ConfigMap `platform-config` these services imply. The
 * same for every checkout, so committed; the Secret `platform-secrets` is DevSecretsChart's. Also
 * the database Secrets: `database-admin` and each service's `<service>-database` (dev passwords).
 */
export class DevInfraChart extends Chart {
  constructor(scope: Construct, id: string, props: DevInfraChartProps) {
    super(scope, id, { ...props, labels: { 'app.kubernetes.io/part-of': DEV_INFRA_PART_OF, ...props.labels } });
    const credentials = props.credentials ?? DEV_INFRA_DEFAULT_CREDENTIALS;
    const publicUrl = props.publicUrl ?? `http://localhost:${DEV_INGRESS_PORT}`;

    new kplus.Secret(this, 'credentials', {
      metadata: { name: CREDENTIALS_SECRET },
      stringData: {
        POSTGRES_PASSWORD: credentials.postgresPassword,
        RABBITMQ_DEFAULT_USER: credentials.rabbitmqUser,
        RABBITMQ_DEFAULT_PASS: credentials.rabbitmqPassword,
        MINIO_ROOT_USER: credentials.minioUser,
        MINIO_ROOT_PASSWORD: credentials.minioPassword,
        // `mc` reads an alias from MC_HOST_<alias>, so the bucket Job needs no shell.
        MC_HOST_dev: `http://${credentials.minioUser}:${credentials.minioPassword}@minio:9000`,
      },
    });
    const secretKey = (key: string) => ({ secretName: CREDENTIALS_SECRET, key });

    const postgres = new DevStatefulService(this, 'postgres', {
      name: 'postgres',
      image: DEV_INFRA_IMAGES.postgres,
      ports: [{ name: 'postgres', port: 5432 }],
      user: 999,
      env: {
        POSTGRES_PASSWORD: secretKey('POSTGRES_PASSWORD'),
        // A subdirectory: the volume's root holds lost+found, which initdb refuses.
        PGDATA: '/var/lib/postgresql/data/pgdata',
      },
      dataPath: '/var/lib/postgresql/data',
      storageGibibytes: 2,
      scratchPaths: ['/tmp', '/var/run/postgresql'],
      readinessCommand: ['pg_isready', '-U', 'postgres', '-h', '127.0.0.1'],
    });

    new kplus.ConfigMap(this, 'rabbitmq-config', {
      metadata: { name: RABBITMQ_CONFIG },
      data: {
        'rabbitmq.conf': [
          'listeners.tcp.default = 5672',
          'management.tcp.port = 15672',
          'log.console = true',
          'log.file = false',
          '',
        ].join('\n'),
        enabled_plugins: '[rabbitmq_management,rabbitmq_prometheus].\n',
      },
    });
    const rabbitmq = new DevStatefulService(this, 'rabbitmq', {
      name: 'rabbitmq',
      image: DEV_INFRA_IMAGES.rabbitmq,
      ports: [
        { name: 'amqp', port: 5672 },
        { name: 'management', port: 15672 },
      ],
      user: 999,
      env: {
        RABBITMQ_DEFAULT_USER: secretKey('RABBITMQ_DEFAULT_USER'),
        RABBITMQ_DEFAULT_PASS: secretKey('RABBITMQ_DEFAULT_PASS'),
      },
      dataPath: '/var/lib/rabbitmq',
      configMounts: { '/etc/rabbitmq': RABBITMQ_CONFIG },
      memoryMebibytes: 768,
      readinessCommand: ['rabbitmq-diagnostics', '-q', 'ping'],
    });

    const minio = new DevStatefulService(this, 'minio', {
      name: 'minio',
      image: DEV_INFRA_IMAGES.minio,
      args: ['server', '/data', '--console-address', ':9001', '--certs-dir', '/tmp/certs'],
      ports: [
        { name: 's3', port: 9000 },
        { name: 'console', port: 9001 },
      ],
      user: 1000,
      env: {
        MINIO_ROOT_USER: secretKey('MINIO_ROOT_USER'),
        MINIO_ROOT_PASSWORD: secretKey('MINIO_ROOT_PASSWORD'),
        // The browser PUTs and GETs presigned URLs from the web app's origin.
        MINIO_API_CORS_ALLOW_ORIGIN: publicUrl,
      },
      dataPath: '/data',
      storageGibibytes: 5,
    });

    const mailCatcher = new DevStatefulService(this, 'mailpit', {
      name: 'mailpit',
      image: DEV_INFRA_IMAGES.mailCatcher,
      ports: [
        { name: 'smtp', port: 1025 },
        { name: 'http', port: 8025 },
      ],
      user: 1000,
      env: { MP_DATABASE: '/data/mailpit.db' },
      dataPath: '/data',
      memoryMebibytes: 128,
    });

    // Traces: the platform's processes → an OpenTelemetry Collector → Jaeger (UI on :16686, kept on
    // a volume by Badger), as a cluster would run a collector in front of its trace backend.
    const jaeger = new DevStatefulService(this, 'jaeger', {
      name: 'jaeger',
      image: DEV_INFRA_IMAGES.jaeger,
      ports: [
        { name: 'ui', port: JAEGER_UI_PORT },
        { name: 'otlp-grpc', port: OTLP_GRPC_PORT },
      ],
      user: 10001,
      env: {
        SPAN_STORAGE_TYPE: 'badger',
        BADGER_EPHEMERAL: 'false',
        BADGER_DIRECTORY_KEY: '/badger/key',
        BADGER_DIRECTORY_VALUE: '/badger/data',
        COLLECTOR_OTLP_ENABLED: 'true',
      },
      dataPath: '/badger',
      storageGibibytes: 2,
      memoryMebibytes: 512,
    });
    new kplus.ConfigMap(this, 'otel-collector-config', {
      metadata: { name: COLLECTOR_CONFIG },
      data: { 'config.yaml': collectorConfig(jaeger.name) },
    });
    const collector = new DevStatefulService(this, 'otel-collector', {
      name: 'otel-collector',
      image: DEV_INFRA_IMAGES.otelCollector,
      args: ['--config=/etc/otelcol/config.yaml'],
      ports: [
        { name: 'otlp-http', port: OTLP_HTTP_PORT },
        { name: 'otlp-grpc', port: OTLP_GRPC_PORT },
      ],
      user: 10001,
      dataPath: '/var/lib/otelcol',
      persistent: false,
      configMounts: { '/etc/otelcol': COLLECTOR_CONFIG },
      memoryMebibytes: 256,
    });

    const bucketJob = new kplus.Job(this, 'create-bucket', {
      metadata: { name: 'minio-create-bucket' },
      podMetadata: { labels: workloadLabels('minio-create-bucket', 'dev-infra', DEV_INFRA_PART_OF) },
      // MinIO may still be starting: the Job's back-off (10 s, 20 s, 40 s...) is the wait.
      backoffLimit: 8,
      activeDeadline: Duration.minutes(10),
      restartPolicy: kplus.RestartPolicy.NEVER,
      securityContext: restrictedPodSecurity(1000),
      containers: [
        {
          name: 'mc',
          image: DEV_INFRA_IMAGES.minioClient,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          command: ['mc', 'mb', '--ignore-existing', `dev/${BUCKET}`],
          envVariables: {
            MC_CONFIG_DIR: kplus.EnvValue.fromValue('/tmp/.mc'),
            MC_HOST_dev: kplus.EnvValue.fromSecretValue({
              secret: kplus.Secret.fromSecretName(this, 'mc-credentials', CREDENTIALS_SECRET),
              key: 'MC_HOST_dev',
            }),
          },
          resources: {
            cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(200) },
            memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) },
          },
          securityContext: restrictedContainerSecurity(1000),
          volumeMounts: [{ path: '/tmp', volume: tmpVolume(this, 'tmp', Size.mebibytes(16)) }],
        },
      ],
    });
    hardenPodSpec(bucketJob, '/spec/template/spec');

    new PlatformSettings(this, 'platform-settings', { settings: devPlatformSettings(props, ''), write: 'config' });

    // As on EKS: each service logs in as its own role (its migration Job's setup step makes it as
    // the admin), so minikube runs the same grants RDS does.
    const server = `${postgres.name}:5432`;
    new kplus.Secret(this, 'database-admin', {
      metadata: { name: DATABASE_ADMIN_SECRET },
      stringData: { [DATABASE_ADMIN_URL_KEY]: `postgres://postgres:${credentials.postgresPassword}@${server}` },
    });
    for (const service of BACKEND_SERVICE_NAMES) {
      const password = `${service}-database-dev-only`;
      new kplus.Secret(this, `${service}-database`, {
        metadata: { name: serviceDatabaseSecret(service) },
        stringData: { [DATABASE_URL_KEY]: `postgres://${serviceDatabaseRole(service)}:${password}@${server}` },
      });
    }

    // The platform chart's default-deny covers the whole namespace: let the platform's pods in.
    const platformPods = { kind: 'pods', labels: { 'app.kubernetes.io/part-of': PART_OF } } as const;
    const allow = (service: DevStatefulService, port: number, extra: { kind: 'namespace'; name: string }[] = []) =>
      new WorkloadNetworkPolicy(this, `${service.name}-network`, {
        name: service.name,
        podLabels: service.selectorLabels,
        ingress: [{ peer: platformPods, tcpPorts: [port] }, ...extra.map((peer) => ({ peer, tcpPorts: [port] }))],
      });
    allow(postgres, 5432);
    allow(rabbitmq, 5672, [{ kind: 'namespace', name: props.kedaNamespace ?? 'keda' }]);
    allow(minio, 9000);
    allow(mailCatcher, 1025);
    allow(collector, OTLP_HTTP_PORT);
    new WorkloadNetworkPolicy(this, 'otel-collector-egress', {
      name: `${collector.name}-egress`,
      podLabels: collector.selectorLabels,
      egress: [{ peer: { kind: 'pods', labels: jaeger.selectorLabels }, tcpPorts: [OTLP_GRPC_PORT] }],
    });
    new WorkloadNetworkPolicy(this, 'jaeger-network', {
      name: jaeger.name,
      podLabels: jaeger.selectorLabels,
      ingress: [{ peer: { kind: 'pods', labels: collector.selectorLabels }, tcpPorts: [OTLP_GRPC_PORT] }],
    });
    new WorkloadNetworkPolicy(this, 'create-bucket-network', {
      name: 'minio-create-bucket',
      podLabels: { 'app.kubernetes.io/name': 'minio-create-bucket' },
      egress: [{ peer: { kind: 'pods', labels: minio.selectorLabels }, tcpPorts: [9000] }],
    });
  }
}
