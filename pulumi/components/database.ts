import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import type { DatabaseSettings } from '../config';
import { clusterOnlySecurityGroup, storedCredentials } from './data-service-resources';

/** A service's own login on the instance (libs/contracts database-access.ts). */
export interface ServiceDatabase {
  readonly service: string;
  /** The role it logs in as. */
  readonly role: string;
  /** Its database, owned by the role. */
  readonly database: string;
}

export interface DatabaseArgs extends DatabaseSettings {
  readonly vpcId: pulumi.Input<string>;
  /** Private data subnets (no route out of the VPC), one per AZ. */
  readonly subnetIds: pulumi.Input<string>[];
  /** The only security group allowed to connect (the EKS cluster's). */
  readonly clientSecurityGroupId: pulumi.Input<string>;
  /** One role and database per service on the instance. */
  readonly services: readonly ServiceDatabase[];
  /** The server's max_connections: the services' connection budget plus reserved slots (libs/contracts). */
  readonly maxConnections: number;
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
 * which would break the admin URL the setup step reads until the next `pulumi up`. Rotating a
 * password is a `pulumi up --replace` of its RandomPassword (see docs/pulumi.md).
 *
 * Each service logs in as its own role, owner of its own database only, with a password generated
 * here (Secrets Manager and the Kubernetes Secret `<service>-database`). The roles and databases
 * themselves are made by each service's migration Job (`migrate setup` as the master user, then
 * `migrate up` as the role): the instance is private, so the program cannot reach it.
 */
export class Database extends pulumi.ComponentResource {
  public readonly address: pulumi.Output<string>;
  public readonly port: pulumi.Output<number>;
  /** The master user's `postgres://user:password@host:5432` (a secret): only the setup step reads it. */
  public readonly adminUrl: pulumi.Output<string>;
  /** Each service's own `postgres://role:password@host:5432` (secrets), by service name. */
  public readonly serviceUrls: Readonly<Record<string, pulumi.Output<string>>>;
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
          // The budget, not the memory-based default: each role's CONNECTION LIMIT adds up to it.
          { name: 'max_connections', value: String(args.maxConnections), applyMethod: 'pending-reboot' },
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
    this.databases = args.services.map((service) => service.database);
    this.adminUrl = pulumi.secret(
      pulumi.interpolate`postgres://${MASTER_USER}:${password.result}@${instance.address}:${instance.port}`,
    );
    const serviceUrls: Record<string, pulumi.Output<string>> = {};
    for (const service of args.services) {
      // Created on the instance by the service's migration Job (`migrate setup`), with this password.
      const servicePassword = new random.RandomPassword(
        `${name}-${service.service}`,
        { length: 40, special: false },
        parent,
      );
      serviceUrls[service.service] = pulumi.secret(
        pulumi.interpolate`postgres://${service.role}:${servicePassword.result}@${instance.address}:${instance.port}`,
      );
      storedCredentials(
        `${name}-${service.service}`,
        {
          description: `${name}: PostgreSQL role ${service.role} of ${service.service} (its DATABASE_URL)`,
          kmsKeyId: key.arn,
          secretString: pulumi
            .all([servicePassword.result, instance.address, instance.port])
            .apply(([secret, host, port]) =>
              JSON.stringify({
                engine: 'postgres',
                username: service.role,
                password: secret,
                host,
                port,
                dbname: service.database,
              }),
            ),
          tags: args.tags,
        },
        parent,
      );
    }
    this.serviceUrls = serviceUrls;

    const credentials = storedCredentials(
      name,
      {
        description: `${name}: PostgreSQL master credentials (Secret database-admin: the migration Jobs' setup step)`,
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
