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
import { Chart, type ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import {
  DEV_INFRA_CREDENTIALS_SECRET,
  DevBackingServices,
  type DevInfraCredentials,
} from '../constructs/dev-backing-services';
import { DevInfraNetworkPolicies } from '../constructs/dev-infra-network-policies';
import { DevTracing, OTLP_HTTP_PORT } from '../constructs/dev-tracing';
import { MinioBucketJob } from '../constructs/minio-bucket-job';
import { PlatformSettings } from '../constructs/platform-settings';
import { DEV_INFRA_PART_OF } from '../labels';

export type { DevInfraCredentials } from '../constructs/dev-backing-services';

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
    const backing = new DevBackingServices(this, 'backing-services', {
      credentials,
      webOrigin: props.publicUrl ?? `http://localhost:${DEV_INGRESS_PORT}`,
    });
    const tracing = new DevTracing(this, 'tracing');
    // The Job's id is part of its synthesized address label: it stays a direct child of the chart.
    const bucketJob = new MinioBucketJob(this, 'create-bucket', {
      bucket: BUCKET,
      credentialsSecret: DEV_INFRA_CREDENTIALS_SECRET,
    });

    new PlatformSettings(this, 'platform-settings', { settings: devPlatformSettings(props, ''), write: 'config' });

    // As on EKS: each service logs in as its own role (its migration Job's setup step makes it as
    // the admin), so minikube runs the same grants RDS does.
    const server = `${backing.postgres.name}:5432`;
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

    new DevInfraNetworkPolicies(this, 'network-policies', {
      backing,
      tracing,
      bucketJob,
      kedaNamespace: props.kedaNamespace ?? 'keda',
    });
  }
}
