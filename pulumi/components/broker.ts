import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import type { BrokerSettings } from '../config';
import { clusterOnlySecurityGroup, storedCredentials } from './data-service-resources';

export interface BrokerArgs extends BrokerSettings {
  readonly vpcId: pulumi.Input<string>;
  /** Private data subnets: the first for a single instance, all of them for a cluster. */
  readonly subnetIds: pulumi.Input<string>[];
  /** The only security group allowed to connect (the EKS cluster's). */
  readonly clientSecurityGroupId: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
}

export const AMQPS_PORT = 5671;
const BROKER_USER = 'platform';

/**
 * Amazon MQ for RabbitMQ: private (no public endpoint), in the data subnets, AMQP over TLS (5671)
 * from the cluster's security group only, a three-node cluster across AZs in prod, general logs to
 * CloudWatch, minor versions applied in the maintenance window. Amazon MQ encrypts RabbitMQ's
 * storage at rest with an AWS-owned KMS key (customer keys are not offered for RabbitMQ).
 * The broker user's password is generated and kept in Secrets Manager.
 */
export class Broker extends pulumi.ComponentResource {
  /** `amqps://user:password@host:5671` (a secret), the platform's AMQP_URL. */
  public readonly amqpUrl: pulumi.Output<string>;
  public readonly endpoint: pulumi.Output<string>;
  public readonly credentialsSecretArn: pulumi.Output<string>;
  public readonly securityGroupId: pulumi.Output<string>;

  constructor(name: string, args: BrokerArgs, opts?: pulumi.ComponentResourceOptions) {
    super('platform:aws:Broker', name, {}, opts);
    const parent = { parent: this };

    const securityGroup = clusterOnlySecurityGroup(
      name,
      {
        vpcId: args.vpcId,
        clientSecurityGroupId: args.clientSecurityGroupId,
        port: AMQPS_PORT,
        protocolName: 'AMQPS',
        tags: args.tags,
      },
      parent,
    );

    // Amazon MQ refuses commas, colons and equals signs; letters and digits are also URL-safe.
    const password = new random.RandomPassword(`${name}-user`, { length: 40, special: false }, parent);

    const single = args.deploymentMode === 'SINGLE_INSTANCE';
    const broker = new aws.mq.Broker(
      `${name}-rabbitmq`,
      {
        engineType: 'RabbitMQ',
        engineVersion: args.engineVersion,
        hostInstanceType: args.instanceType,
        deploymentMode: args.deploymentMode,
        publiclyAccessible: false,
        subnetIds: single ? [args.subnetIds[0]!] : args.subnetIds,
        securityGroups: [securityGroup.id],
        users: [{ username: BROKER_USER, password: pulumi.secret(password.result) }],
        encryptionOptions: { useAwsOwnedKey: true },
        logs: { general: true },
        autoMinorVersionUpgrade: true,
        maintenanceWindowStartTime: { dayOfWeek: 'SUNDAY', timeOfDay: '04:00', timeZone: 'UTC' },
        tags: args.tags,
      },
      parent,
    );

    this.endpoint = broker.instances.apply((instances) => {
      const endpoint = instances[0]?.endpoints?.[0];
      if (!endpoint) throw new Error(`Broker ${name}: Amazon MQ reported no endpoint`);
      return endpoint;
    });
    this.amqpUrl = pulumi.secret(
      pulumi
        .all([this.endpoint, password.result])
        .apply(([endpoint, secret]) => endpoint.replace('amqps://', `amqps://${BROKER_USER}:${secret}@`)),
    );

    const key = new aws.kms.Key(
      `${name}-key`,
      { description: `${name}: broker credentials`, enableKeyRotation: true, tags: args.tags },
      parent,
    );
    const credentials = storedCredentials(
      name,
      {
        description: `${name}: RabbitMQ credentials (AMQP_URL of platform-secrets)`,
        kmsKeyId: key.arn,
        secretString: pulumi
          .all([password.result, this.endpoint])
          .apply(([secret, endpoint]) => JSON.stringify({ username: BROKER_USER, password: secret, endpoint })),
        tags: args.tags,
      },
      parent,
    );

    this.credentialsSecretArn = credentials.arn;
    this.securityGroupId = securityGroup.id;
    this.registerOutputs({
      endpoint: this.endpoint,
      credentialsSecretArn: this.credentialsSecretArn,
      securityGroupId: this.securityGroupId,
    });
  }
}
