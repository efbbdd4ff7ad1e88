import {
  ACCESS_TOKEN_AUDIENCE_DEFAULT,
  ACCESS_TOKEN_ISSUER_DEFAULT,
  BACKEND_SERVICES,
  PLATFORM_SETTINGS,
} from '@platform/contracts';
import type * as pulumi from '@pulumi/pulumi';

/**
 * Keys of PLATFORM_SETTINGS that stay unset on EKS: media reaches S3 through pod identity and the
 * SDK's default AWS endpoint (presigned URLs for the regional S3 host), so no static keys and no
 * endpoint override. An empty value would not do: the services would try to use it.
 */
export const UNSET_ON_EKS: readonly string[] = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'S3_ENDPOINT',
  'S3_PUBLIC_ENDPOINT',
];

export interface EksSettingsInputs {
  readonly logLevel: string;
  /** `https://learn.example.com` */
  readonly publicUrl: string;
  readonly mailFrom: string;
  readonly adminEmail: string;
  readonly bucketName: pulumi.Input<string>;
  readonly region: string;
  readonly amqpUrl: pulumi.Input<string>;
  readonly smtpUrl: pulumi.Input<string>;
  readonly jwtPrivateKey: pulumi.Input<string>;
  readonly adminPassword: pulumi.Input<string>;
  /** The in-cluster OTLP/HTTP collector (the Tracing component's). */
  readonly otlpEndpoint: string;
  /** Share of new traces kept; a request that arrives sampled stays sampled (parent-based). */
  readonly traceSampleRatio: number;
}

export interface SplitSettings {
  /** ConfigMap `platform-config`: the settings that are not secret. */
  readonly config: Record<string, pulumi.Input<string>>;
  /** Secret `platform-secrets` and Secrets Manager: the secret ones. */
  readonly secrets: Record<string, pulumi.Input<string>>;
}

/** The platform's settings on EKS, every key of PLATFORM_SETTINGS accounted for. */
export function eksPlatformSettings(inputs: EksSettingsInputs): SplitSettings {
  const identity = BACKEND_SERVICES.identity;
  return splitSettings({
    NODE_ENV: 'production',
    LOG_LEVEL: inputs.logLevel,
    DATABASE_SSL: 'true',
    AMQP_URL: inputs.amqpUrl,
    // In-cluster, namespace-local: the pods' NetworkPolicy lets them reach identity's port.
    JWKS_URL: `http://${identity.name}:${identity.port}${identity.routePrefix}/.well-known/jwks.json`,
    JWT_ISSUER: ACCESS_TOKEN_ISSUER_DEFAULT,
    JWT_AUDIENCE: ACCESS_TOKEN_AUDIENCE_DEFAULT,
    JWT_PRIVATE_KEY: inputs.jwtPrivateKey,
    PUBLIC_URL: inputs.publicUrl,
    CORS_ORIGINS: inputs.publicUrl,
    SMTP_URL: inputs.smtpUrl,
    MAIL_FROM: inputs.mailFrom,
    S3_BUCKET: inputs.bucketName,
    S3_REGION: inputs.region,
    S3_FORCE_PATH_STYLE: 'false',
    ADMIN_EMAIL: inputs.adminEmail,
    ADMIN_PASSWORD: inputs.adminPassword,
    OTEL_EXPORTER_OTLP_ENDPOINT: inputs.otlpEndpoint,
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: String(inputs.traceSampleRatio),
  });
}

/**
 * Splits settings by PLATFORM_SETTINGS' `secret` flag. Throws when a key is not in
 * PLATFORM_SETTINGS, or when one of PLATFORM_SETTINGS is neither given nor in UNSET_ON_EKS: a new
 * setting in libs/contracts must be decided here, not silently left out.
 */
export function splitSettings(values: Readonly<Record<string, pulumi.Input<string>>>): SplitSettings {
  const known = new Map(PLATFORM_SETTINGS.map((setting) => [setting.key, setting]));
  const unknown = Object.keys(values).filter((key) => !known.has(key));
  const missing = [...known.keys()].filter((key) => !(key in values) && !UNSET_ON_EKS.includes(key));
  const unsetButGiven = UNSET_ON_EKS.filter((key) => key in values);
  if (unknown.length > 0 || missing.length > 0 || unsetButGiven.length > 0) {
    throw new Error(
      `platform settings out of step with PLATFORM_SETTINGS (libs/contracts): unknown [${unknown.join(', ')}], ` +
        `missing [${missing.join(', ')}], given but unset on EKS [${unsetButGiven.join(', ')}]`,
    );
  }
  const config: Record<string, pulumi.Input<string>> = {};
  const secrets: Record<string, pulumi.Input<string>> = {};
  for (const [key, value] of Object.entries(values)) {
    (known.get(key)!.secret ? secrets : config)[key] = value;
  }
  return { config, secrets };
}
