import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import type { DatabaseSettings } from '../config';
import { clusterOnlySecurityGroup, storedCredentials } from './data-service-resources';

export interface DatabaseArgs extends DatabaseSettings {
  readonly vpcId: pulumi.Input<string>;
  /** Private data subnets (no route out of the VPC), one per AZ. */
  readonly subnetIds: pulumi.Input<string>[];
  /** The only security group allowed to connect (the EKS cluster's). */
  readonly clientSecurityGroupId: pulumi.Input<string>;
  /** One database per service on the instance (`BACKEND_SERVICES[*].database`). */
  readonly databases: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}

export const POSTGRES_PORT = 5432;
const MASTER_USER = 'platform';

/**
 * RDS PostgreSQL: storage and Performance Insights encrypted with its own KMS key, not publicly
 * accessible, in a subnet group of the data subnets, reachable on 5432 from the cluster's security
 * group only, TLS forced (`rds.force_ssl`), automated backups kept ≥ 7 days, Multi-AZ and deletion
 * protection as configured (always on in prod, enforced by config.ts), a final snapshot unless
 * deletion protection is off.
 *
 * The master password is generated here and kept in Secrets Manager (and, encrypted, in the Pulumi
 * state), not left to RDS (`manageMasterUserPassword`): RDS rotates a managed password every 7 days,
 * which would break the `DATABASE_URL` the pods read from `platform-secrets` until the next
 * `pulumi up`. Rotating this one is a `pulumi up --replace` of the RandomPassword (see docs/pulumi.md).
 *
 * The databases themselves (one per service) are created by each service's migration Job
 * (`ensureDatabase` before `migrate up`): the instance is private, so the program cannot reach it.
 */
export class Database extends pulumi.ComponentResource {
  public readonly address: pulumi.Output<string>;
  public readonly port: pulumi.Output<number>;
  /** `postgres://user:password@host:5432` (a secret): each service appends its own DATABASE_NAME. */
  public readonly serverUrl: pulumi.Output<string>;
  public readonly credentialsSecretArn: pulumi.Output<string>;
  public readonly securityGroupId: pulumi.Output<string>;
  public readonly databases: readonly string[];

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super('platform:aws:Database', name, {}, opts);
    const parent = { parent: this };

    const key = new aws.kms.Key(
      `${name}-key`,
      { description: `${name}: RDS storage, snapshots and credentials`, enableKeyRotation: true, tags: args.tags },
      parent,
    );

    const subnetGroup = new aws.rds.SubnetGroup(
      `${name}-subnets`,
      { subnetIds: args.subnetIds, description: `${name}: private data subnets`, tags: args.tags },
      parent,
    );

    const securityGroup = clusterOnlySecurityGroup(
      name,
      {
        vpcId: args.vpcId,
        clientSecurityGroupId: args.clientSecurityGroupId,
        port: POSTGRES_PORT,
        protocolName: 'PostgreSQL',
        tags: args.tags,
      },
      parent,
    );

    const major = args.engineVersion.split('.')[0];
    const parameters = new aws.rds.ParameterGroup(
      `${name}-params`,
      {
        family: `postgres${major}`,
        description: `${name}: TLS only, slow statements logged`,
        parameters: [
          { name: 'rds.force_ssl', value: '1' },
          { name: 'log_min_duration_statement', value: '500' },
          { name: 'log_connections', value: '1' },
        ],
        tags: args.tags,
      },
      parent,
    );

    // Letters and digits only: safe inside a URL without escaping, and RDS refuses / @ " and spaces.
    const password = new random.RandomPassword(`${name}-master`, { length: 40, special: false }, parent);

    const instance = new aws.rds.Instance(
      `${name}-postgres`,
      {
        engine: 'postgres',
        engineVersion: args.engineVersion,
        instanceClass: args.instanceClass,
        allocatedStorage: args.allocatedStorageGiB,
        maxAllocatedStorage: args.maxAllocatedStorageGiB,
        storageType: 'gp3',
        storageEncrypted: true,
        kmsKeyId: key.arn,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [securityGroup.id],
        publiclyAccessible: false,
        parameterGroupName: parameters.name,
        username: MASTER_USER,
        password: pulumi.secret(password.result),
        multiAz: args.multiAz,
        deletionProtection: args.deletionProtection,
        backupRetentionPeriod: args.backupRetentionDays,
        backupWindow: '02:00-03:00',
        maintenanceWindow: 'sun:03:30-sun:04:30',
        copyTagsToSnapshot: true,
        skipFinalSnapshot: !args.deletionProtection,
        finalSnapshotIdentifier: args.deletionProtection ? `${name}-final` : undefined,
        deleteAutomatedBackups: !args.deletionProtection,
        autoMinorVersionUpgrade: true,
        allowMajorVersionUpgrade: false,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: key.arn,
        enabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
        caCertIdentifier: 'rds-ca-rsa2048-g1',
        tags: args.tags,
      },
      parent,
    );

    this.address = instance.address;
    this.port = instance.port;
    this.securityGroupId = securityGroup.id;
    this.databases = [...args.databases];
    this.serverUrl = pulumi.secret(
      pulumi.interpolate`postgres://${MASTER_USER}:${password.result}@${instance.address}:${instance.port}`,
    );

    const credentials = storedCredentials(
      name,
      {
        description: `${name}: PostgreSQL master credentials (DATABASE_URL of platform-secrets)`,
        kmsKeyId: key.arn,
        secretString: pulumi
          .all([password.result, instance.address, instance.port])
          .apply(([secret, host, port]) =>
            JSON.stringify({ engine: 'postgres', username: MASTER_USER, password: secret, host, port }),
          ),
        tags: args.tags,
      },
      parent,
    );
    this.credentialsSecretArn = credentials.arn;

    this.registerOutputs({
      address: this.address,
      port: this.port,
      credentialsSecretArn: this.credentialsSecretArn,
      securityGroupId: this.securityGroupId,
      databases: this.databases,
    });
  }
}
