import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/**
 * Pieces the Database and Broker components both declare, as their own children (`opts` carries
 * `{ parent }`) and under the names their tests look for: plain functions, not components, so the
 * resource tree stays one component per concern.
 */

export interface ClusterOnlySecurityGroupArgs {
  readonly vpcId: pulumi.Input<string>;
  /** The only security group allowed in (the EKS cluster's). */
  readonly clientSecurityGroupId: pulumi.Input<string>;
  readonly port: number;
  /** What listens on the port, e.g. `PostgreSQL`, `AMQP over TLS`. */
  readonly protocolName: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** `<name>-sg`: one TCP port from the cluster's security group; nothing else in, and nothing out (a database or broker starts no connections). */
export function clusterOnlySecurityGroup(
  name: string,
  args: ClusterOnlySecurityGroupArgs,
  opts: pulumi.CustomResourceOptions,
): aws.ec2.SecurityGroup {
  return new aws.ec2.SecurityGroup(
    `${name}-sg`,
    {
      vpcId: args.vpcId,
      description: `${name}: ${args.protocolName} from the EKS cluster only`,
      ingress: [
        {
          description: `${args.protocolName} from the EKS cluster security group`,
          protocol: 'tcp',
          fromPort: args.port,
          toPort: args.port,
          securityGroups: [args.clientSecurityGroupId],
        },
      ],
      egress: [],
      tags: { ...args.tags, Name: `${name}-sg` },
    },
    opts,
  );
}

export interface StoredCredentialsArgs {
  readonly description: string;
  readonly kmsKeyId: pulumi.Input<string>;
  /** The secret's JSON (user, password, endpoint): kept as a secret in the state too. */
  readonly secretString: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
}

/** `<name>-credentials`: generated credentials in Secrets Manager, under the component's KMS key. */
export function storedCredentials(
  name: string,
  args: StoredCredentialsArgs,
  opts: pulumi.CustomResourceOptions,
): aws.secretsmanager.Secret {
  const secret = new aws.secretsmanager.Secret(
    `${name}-credentials`,
    { description: args.description, kmsKeyId: args.kmsKeyId, recoveryWindowInDays: 7, tags: args.tags },
    opts,
  );
  new aws.secretsmanager.SecretVersion(
    `${name}-credentials`,
    { secretId: secret.id, secretString: pulumi.secret(args.secretString) },
    opts,
  );
  return secret;
}
