import { IN_CLUSTER_IDENTITY_URL, type PlatformSettingKey, platformSettings } from '@platform/contracts';
import type * as pulumi from '@pulumi/pulumi';

/**
 * Keys of PLATFORM_SETTINGS that stay unset on EKS: media reaches S3 through pod identity and the
 * SDK's default AWS endpoint (presigned URLs for the regional S3 host), so no static keys and no
 * endpoint override. An empty value would not do: the services would try to use it.
 */
export const UNSET_ON_EKS: readonly PlatformSettingKey[] = [
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
  readonly config: Readonly<Record<string, pulumi.Input<string>>>;
  /** Secret `platform-secrets` and Secrets Manager: the secret ones. */
  readonly secrets: Readonly<Record<string, pulumi.Input<string>>>;
}

/** The platform's settings on EKS (libs/contracts' builder); throws if they leave other keys unset than UNSET_ON_EKS. */
export function eksPlatformSettings(inputs: EksSettingsInputs): SplitSettings {
  const { config, secrets, unset } = platformSettings<pulumi.Input<string>>({
    nodeEnv: 'production',
    logLevel: inputs.logLevel,
    databaseSsl: true,
    amqpUrl: inputs.amqpUrl,
    identityUrl: IN_CLUSTER_IDENTITY_URL,
    publicUrl: inputs.publicUrl,
    smtpUrl: inputs.smtpUrl,
    mailFrom: inputs.mailFrom,
    jwtPrivateKey: inputs.jwtPrivateKey,
    admin: { email: inputs.adminEmail, password: inputs.adminPassword },
    objectStore: { bucket: inputs.bucketName, region: inputs.region, forcePathStyle: false },
    tracing: {
      endpoint: inputs.otlpEndpoint,
      sampler: 'parentbased_traceidratio',
      samplerArg: String(inputs.traceSampleRatio),
    },
  });
  if ([...unset].sort().join() !== [...UNSET_ON_EKS].sort().join()) {
    throw new Error(`platform settings unset on EKS are [${unset.join(', ')}], expected [${UNSET_ON_EKS.join(', ')}]`);
  }
  return { config, secrets };
}
