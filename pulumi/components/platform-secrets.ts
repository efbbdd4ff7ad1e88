import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface PlatformSecretsArgs {
  /** Secrets Manager name (`learning-platform-prod/platform-secrets`). */
  readonly secretName: string;
  /** The secret platform settings, by key (PLATFORM_SETTINGS with `secret: true`). */
  readonly values: Readonly<Record<string, pulumi.Input<string>>>;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The secret platform settings in AWS Secrets Manager, one JSON document encrypted with its own KMS
 * key: the source of truth SREs read and audit (CloudTrail logs every read). The Kubernetes Secret
 * `platform-secrets` is written from the same values by the Platform component.
 */
export class PlatformSecrets extends pulumi.ComponentResource {
  public readonly secretArn: pulumi.Output<string>;
  public readonly keyArn: pulumi.Output<string>;

  constructor(name: string, args: PlatformSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('platform:aws:PlatformSecrets', name, {}, opts);
    const parent = { parent: this };

    const key = new aws.kms.Key(
      `${name}-key`,
      { description: `${args.secretName}: platform settings`, enableKeyRotation: true, tags: args.tags },
      parent,
    );
    const secret = new aws.secretsmanager.Secret(
      `${name}-settings`,
      {
        name: args.secretName,
        description: 'Secret settings of the learning platform (Kubernetes Secret platform-secrets)',
        kmsKeyId: key.arn,
        recoveryWindowInDays: 7,
        tags: args.tags,
      },
      parent,
    );
    new aws.secretsmanager.SecretVersion(
      `${name}-settings`,
      {
        secretId: secret.id,
        secretString: pulumi.secret(pulumi.output(args.values).apply((values) => JSON.stringify(values))),
      },
      parent,
    );

    this.secretArn = secret.arn;
    this.keyArn = key.arn;
    this.registerOutputs({ secretArn: this.secretArn, keyArn: this.keyArn });
  }
}
