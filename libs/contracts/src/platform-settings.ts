import { PLATFORM_SETTINGS, type PlatformSettingKey } from './platform-config';
import { ACCESS_TOKEN_AUDIENCE_DEFAULT, ACCESS_TOKEN_ISSUER_DEFAULT } from './roles';
import { BACKEND_SERVICES } from './services';

/** Where identity serves its JWKS, given the base URL at which the services reach identity. */
export function identityJwksUrl(identityBaseUrl: string): string {
  return `${identityBaseUrl}${BACKEND_SERVICES.identity.routePrefix}/.well-known/jwks.json`;
}

/** identity inside a cluster: its Service, namespace-local (the pods' NetworkPolicy lets them reach it). */
export const IN_CLUSTER_IDENTITY_URL = `http://${BACKEND_SERVICES.identity.name}:${BACKEND_SERVICES.identity.port}`;

/** Values shared by the developer environments (`npm start`, minikube). */
export const DEV_PLATFORM_DEFAULTS = {
  mailFrom: 'Learning Platform <no-reply@platform.local>',
  adminEmail: 'admin@demo.local',
  bucket: 'media',
  region: 'us-east-1',
} as const;

/**
 * What an environment decides; `platformSettings` turns it into the settings' values. `T` is the
 * type of values that may be computed elsewhere (a Pulumi Output on EKS); plain strings locally.
 */
export interface PlatformSettingsInputs<T = string> {
  readonly nodeEnv: 'production' | 'development' | 'test';
  readonly logLevel: string;
  /** Require TLS to PostgreSQL (RDS). */
  readonly databaseSsl: boolean;
  readonly amqpUrl: T;
  /** identity's base URL as the services reach it; the JWKS URL follows. */
  readonly identityUrl: string;
  /** Origin of the web app (e-mail links). */
  readonly publicUrl: string;
  /** @default [publicUrl] */
  readonly corsOrigins?: readonly string[];
  readonly smtpUrl: T;
  readonly mailFrom: string;
  readonly jwtPrivateKey: T;
  readonly admin: { readonly email: string; readonly password: T };
  readonly objectStore: {
    readonly bucket: T;
    readonly region: string;
    /** S3 API endpoint for the services; absent: AWS's own. */
    readonly endpoint?: string;
    /** Endpoint the browser reaches (presigned URLs are signed for it); absent: AWS's own. */
    readonly publicEndpoint?: string;
    /** true for MinIO and s3rver. */
    readonly forcePathStyle: boolean;
    /** Static keys (MinIO, s3rver); absent: the SDK's default chain (pod identity on EKS). */
    readonly credentials?: { readonly accessKeyId: T; readonly secretAccessKey: T };
  };
  /** Where spans go; absent: no tracing settings. */
  readonly tracing?: { readonly endpoint: string; readonly sampler?: string; readonly samplerArg?: string };
}

export interface PlatformSettingsValues<T = string> {
  /** Every setting that has a value, by key (what `npm start` puts in the environment). */
  readonly values: Readonly<Partial<Record<PlatformSettingKey, T>>>;
  /** The non-secret ones: ConfigMap `platform-config`. */
  readonly config: Readonly<Record<string, T>>;
  /** The secret ones: Secret `platform-secrets` (and Secrets Manager on EKS). */
  readonly secrets: Readonly<Record<string, T>>;
  /** Keys this environment leaves unset on purpose (an empty value would be used). */
  readonly unset: readonly PlatformSettingKey[];
}

/**
 * The platform settings of one environment, every key of PLATFORM_SETTINGS decided (the record
 * below does not compile without a new key), split by its `secret` flag.
 */
export function platformSettings<T = string>(inputs: PlatformSettingsInputs<T>): PlatformSettingsValues<T | string> {
  const store = inputs.objectStore;
  const decided: Record<PlatformSettingKey, T | string | undefined> = {
    NODE_ENV: inputs.nodeEnv,
    LOG_LEVEL: inputs.logLevel,
    DATABASE_SSL: String(inputs.databaseSsl),
    AMQP_URL: inputs.amqpUrl,
    JWKS_URL: identityJwksUrl(inputs.identityUrl),
    JWT_ISSUER: ACCESS_TOKEN_ISSUER_DEFAULT,
    JWT_AUDIENCE: ACCESS_TOKEN_AUDIENCE_DEFAULT,
    JWT_PRIVATE_KEY: inputs.jwtPrivateKey,
    PUBLIC_URL: inputs.publicUrl,
    CORS_ORIGINS: (inputs.corsOrigins ?? [inputs.publicUrl]).join(','),
    SMTP_URL: inputs.smtpUrl,
    MAIL_FROM: inputs.mailFrom,
    S3_BUCKET: store.bucket,
    S3_REGION: store.region,
    S3_ENDPOINT: store.endpoint,
    S3_PUBLIC_ENDPOINT: store.publicEndpoint,
    S3_FORCE_PATH_STYLE: String(store.forcePathStyle),
    AWS_ACCESS_KEY_ID: store.credentials?.accessKeyId,
    AWS_SECRET_ACCESS_KEY: store.credentials?.secretAccessKey,
    ADMIN_EMAIL: inputs.admin.email,
    ADMIN_PASSWORD: inputs.admin.password,
    OTEL_EXPORTER_OTLP_ENDPOINT: inputs.tracing?.endpoint,
    OTEL_TRACES_SAMPLER: inputs.tracing?.sampler,
    OTEL_TRACES_SAMPLER_ARG: inputs.tracing?.samplerArg,
  };
  const values: Partial<Record<PlatformSettingKey, T | string>> = {};
  const config: Record<string, T | string> = {};
  const secrets: Record<string, T | string> = {};
  const unset: PlatformSettingKey[] = [];
  for (const { key, secret } of PLATFORM_SETTINGS) {
    const value = decided[key];
    if (value === undefined) {
      unset.push(key);
      continue;
    }
    values[key] = value;
    (secret ? secrets : config)[key] = value;
  }
  return { values, config, secrets, unset };
}
