// The prod stack under Pulumi mocks: what the program declares, checked against the security and
// availability rules (nothing public, everything encrypted, least privilege, HA in prod).
import {
  BACKEND_SERVICE_NAMES,
  BACKEND_SERVICES,
  DATABASE_ADMIN_SECRET,
  PLATFORM_CONFIG_MAP,
  PLATFORM_SECRET,
  PLATFORM_SETTINGS,
  WEB_APP,
  databaseMaxConnections,
  serviceDatabaseRole,
  serviceDatabaseSecret,
} from '@platform/contracts';
import * as pulumi from '@pulumi/pulumi';
import Ajv from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rdsConnectionCapacity } from '../config';
import { XRAY_WRITE_ACTIONS } from '../components/tracing';
import {
  ACCOUNT,
  CLUSTER_SECURITY_GROUP,
  type Declared,
  GENERATED_PASSWORD,
  GENERATED_SIGNING_KEY,
  PROD_CONFIG,
  REGION,
  SMTP_URL,
  allRegistered,
  asList,
  installMocks,
  isSecret,
  ofType,
  onlyOne,
  plain,
  statementsOf,
  valueOf,
} from './support';

const declared = installMocks(PROD_CONFIG, 'prod');
const PREFIX = 'learning-platform-prod';

let program: typeof import('../index');
let platformSettings: typeof import('../platform-settings');
let urns: string[];

beforeAll(async () => {
  program = await import('../index');
  platformSettings = await import('../platform-settings');
  urns = await allRegistered();
});

const named = (type: string, name: string): Declared => {
  const found = ofType(declared, type).find((resource) => resource.name === name);
  if (!found) throw new Error(`no ${type} named ${name}`);
  return found;
};
const idsOf = (type: string, namePart: string): string[] =>
  ofType(declared, type)
    .filter((resource) => resource.name.includes(namePart))
    .map((resource) => `${resource.name}-id`);

describe('prod stack: the program as a whole', () => {
  it('is made of one component per concern, every resource named after its component', () => {
    const components = declared.filter((resource) => resource.type.startsWith('platform:')).map((r) => r.type);
    expect(components.sort()).toEqual(
      [
        'platform:aws:Broker',
        'platform:aws:Cluster',
        'platform:aws:Database',
        'platform:aws:MediaAccess',
        'platform:aws:Network',
        'platform:aws:PlatformSecrets',
        'platform:aws:Registry',
        'platform:aws:Storage',
        'platform:k8s:ClusterAutoscaler',
        'platform:aws:Tracing',
        'platform:k8s:ClusterServices',
        'platform:k8s:LoadBalancerController',
        'platform:k8s:Platform',
        'platform:security:IdentityCredentials',
      ].sort(),
    );
    for (const resource of declared) expect(resource.name.startsWith(`${PREFIX}-`)).toBe(true);
  });

  it('declares every resource as the child of a component, named after it', () => {
    const componentNames = new Map(
      declared.filter((resource) => resource.type.startsWith('platform:')).map((c) => [c.type, c.name]),
    );
    const children = urns.filter((urn) => !urn.split('::')[2]!.startsWith('platform:') || urn.includes('$'));
    expect(children.length).toBeGreaterThan(100);
    for (const urn of children) {
      const [, , qualifiedType, name] = urn.split('::');
      const [parentType, type] = qualifiedType!.split('$');
      expect({ type, parentType: componentNames.has(parentType!) ? 'a component' : parentType }).toEqual({
        type,
        parentType: 'a component',
      });
      expect(name!.startsWith(`${componentNames.get(parentType!)}-`)).toBe(true);
    }
  });

  it('exports the URL and the endpoints SREs need', async () => {
    expect(program.url).toBe('https://learn.example.com');
    expect(program.environment).toBe('prod');
    expect(program.imageTag).toBe('1.4.0');
    expect(await valueOf(program.imageRegistry)).toBe(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${PREFIX}`);
    expect(await valueOf(program.databaseEndpoint)).toMatch(/\.rds\.amazonaws\.com$/);
    expect(await valueOf(program.brokerEndpoint)).toMatch(/^amqps:\/\/.+:5671$/);
    expect(await valueOf(program.clusterEndpoint)).toMatch(/^https:\/\//);
    expect(await valueOf(pulumi.output(program.loadBalancerHostname))).toMatch(/\.elb\.amazonaws\.com$/);
    expect(await valueOf(program.mediaBucket)).toBeTruthy();
    expect(await valueOf(program.platformSecretsArn)).toContain(':secretsmanager:');
    expect(await valueOf(pulumi.output(program.releaseStatus))).toBe('deployed');
    expect(program.databases).toEqual(BACKEND_SERVICE_NAMES.map((name) => BACKEND_SERVICES[name].database));
  });

  it('exports no secret in plain text (the kubeconfig output is a secret)', async () => {
    expect(await pulumiIsSecret(program.kubeconfig)).toBe(true);
    for (const [name, value] of Object.entries(program)) {
      if (value && typeof value === 'object' && 'apply' in value && !(await pulumiIsSecret(value))) {
        const text = JSON.stringify(await valueOf(value as never));
        expect({ name, leaks: text.includes(GENERATED_PASSWORD) || text.includes(GENERATED_SIGNING_KEY) }).toEqual({
          name,
          leaks: false,
        });
      }
    }
  });

  it('opens no security group to the internet and gives every KMS key rotation', () => {
    for (const group of ofType(declared, 'aws:ec2/securityGroup:SecurityGroup')) {
      for (const rule of group.inputs.ingress ?? []) {
        expect(rule.cidrBlocks ?? []).toEqual([]);
        expect(rule.ipv6CidrBlocks ?? []).toEqual([]);
      }
    }
    const keys = ofType(declared, 'aws:kms/key:Key');
    expect(keys.length).toBeGreaterThanOrEqual(4);
    for (const key of keys) expect(key.inputs.enableKeyRotation).toBe(true);
  });

  it('grants no IAM policy a wildcard action, and `*` resources to reads only (and X-Ray writes, defined on no resource), and lets only AWS services assume roles', () => {
    for (const policy of ofType(declared, 'aws:iam/rolePolicy:RolePolicy')) {
      for (const statement of statementsOf(policy.inputs.policy)) {
        for (const action of asList(statement.Action)) expect(action).not.toMatch(/(^\*$)|(:\*$)/);
        const onNoResource = asList(statement.Action).every((action) =>
          (XRAY_WRITE_ACTIONS as readonly string[]).includes(action),
        );
        if (asList(statement.Resource).includes('*') && !onNoResource) {
          // Only calls that take no resource-level permission (Describe*, Get*, List*) may name `*`.
          for (const action of asList(statement.Action)) {
            expect({ policy: policy.name, action }).toEqual({
              policy: policy.name,
              action: expect.stringMatching(/^[a-z0-9-]+:(Describe|Get|List)[A-Za-z]+$/),
            });
          }
        }
        for (const resource of asList(statement.Resource)) {
          if (resource !== '*') expect(resource).toMatch(new RegExp(`^arn:aws:[a-z0-9-]+:(${REGION})?:(${ACCOUNT})?:`));
        }
      }
    }
    for (const role of ofType(declared, 'aws:iam/role:Role')) {
      for (const statement of statementsOf(role.inputs.assumeRolePolicy)) {
        expect(Object.keys(statement.Principal as object)).toEqual(['Service']);
      }
    }
  });
});

describe('prod stack: network', () => {
  it('spreads three tiers of subnets over three AZs, none giving out public addresses', () => {
    const subnets = ofType(declared, 'aws:ec2/subnet:Subnet');
    for (const tier of ['public', 'nodes', 'data']) {
      const inTier = subnets.filter((subnet) => subnet.name.includes(`-network-${tier}-`));
      expect(inTier).toHaveLength(3);
      expect(new Set(inTier.map((subnet) => subnet.inputs.availabilityZone)).size).toBe(3);
    }
    for (const subnet of subnets) expect(subnet.inputs.mapPublicIpOnLaunch).toBe(false);
  });

  it('routes nodes out through a NAT gateway per AZ and gives the data subnets no route out', () => {
    expect(ofType(declared, 'aws:ec2/natGateway:NatGateway')).toHaveLength(3);
    const tables = ofType(declared, 'aws:ec2/routeTable:RouteTable');
    const nodeTables = tables.filter((table) => table.name.includes('-network-nodes-'));
    expect(nodeTables).toHaveLength(3);
    for (const table of nodeTables) {
      expect(table.inputs.routes).toEqual([{ cidrBlock: '0.0.0.0/0', natGatewayId: expect.any(String) }]);
    }
    expect(named('aws:ec2/routeTable:RouteTable', `${PREFIX}-network-data`).inputs.routes ?? []).toEqual([]);
  });

  it('closes the default security group and logs rejected traffic', () => {
    const closed = onlyOne(declared, 'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup');
    expect(closed.inputs.ingress ?? []).toEqual([]);
    expect(closed.inputs.egress ?? []).toEqual([]);
    expect(onlyOne(declared, 'aws:ec2/flowLog:FlowLog').inputs.trafficType).toBe('REJECT');
    // The flow log service may assume its role for this account only (no confused deputy).
    const flowLogRole = named('aws:iam/role:Role', `${PREFIX}-network-flow-logs`);
    expect(statementsOf(flowLogRole.inputs.assumeRolePolicy)).toEqual([
      expect.objectContaining({
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      }),
    ]);
  });
});

describe('prod stack: EKS', () => {
  it('pins the version, keeps the API private, encrypts secrets with KMS and logs audit events', () => {
    const cluster = onlyOne(declared, 'aws:eks/cluster:Cluster');
    expect(cluster.inputs.version).toBe('1.35');
    expect(cluster.inputs.vpcConfig.endpointPrivateAccess).toBe(true);
    expect(cluster.inputs.vpcConfig.endpointPublicAccess).toBe(false);
    expect(cluster.inputs.vpcConfig.subnetIds.sort()).toEqual(idsOf('aws:ec2/subnet:Subnet', '-network-nodes-').sort());
    expect(cluster.inputs.encryptionConfig.resources).toEqual(['secrets']);
    expect(cluster.inputs.encryptionConfig.provider.keyArn).toMatch(/^arn:aws:kms:/);
    expect(cluster.inputs.accessConfig.authenticationMode).toBe('API');
    expect(cluster.inputs.enabledClusterLogTypes).toEqual(expect.arrayContaining(['api', 'audit', 'authenticator']));
    expect(cluster.inputs.deletionProtection).toBe(true);
    // Standard support only: past its end EKS upgrades the control plane rather than billing extended support.
    expect(cluster.inputs.upgradePolicy).toEqual({ supportType: 'STANDARD' });
    const logs = named('aws:cloudwatch/logGroup:LogGroup', `${PREFIX}-cluster-control-plane-logs`);
    expect(logs.inputs).toMatchObject({ name: `/aws/eks/${PREFIX}/cluster`, retentionInDays: 90 });
  });

  it('runs one managed node group in the private subnets with bounded scaling, IMDSv2 and encrypted disks', () => {
    const nodes = onlyOne(declared, 'aws:eks/nodeGroup:NodeGroup');
    const { minSize, desiredSize, maxSize } = nodes.inputs.scalingConfig;
    expect({ minSize, desiredSize, maxSize }).toEqual({ minSize: 3, desiredSize: 3, maxSize: 12 });
    expect(nodes.inputs.version).toBe('1.35');
    expect(nodes.inputs.subnetIds.sort()).toEqual(idsOf('aws:ec2/subnet:Subnet', '-network-nodes-').sort());
    const template = onlyOne(declared, 'aws:ec2/launchTemplate:LaunchTemplate');
    expect(template.inputs.metadataOptions).toMatchObject({ httpTokens: 'required', httpPutResponseHopLimit: 1 });
    for (const mapping of template.inputs.blockDeviceMappings) expect(mapping.ebs.encrypted).toBe('true');
  });

  it('installs the EKS Pod Identity agent and the VPC CNI with NetworkPolicy enforcement', () => {
    const addons = new Map(ofType(declared, 'aws:eks/addon:Addon').map((addon) => [addon.inputs.addonName, addon]));
    expect([...addons.keys()]).toEqual(
      expect.arrayContaining(['eks-pod-identity-agent', 'vpc-cni', 'coredns', 'kube-proxy', 'metrics-server']),
    );
    expect(JSON.parse(addons.get('vpc-cni')!.inputs.configurationValues)).toEqual({ enableNetworkPolicy: 'true' });
  });
});

describe('prod stack: RDS PostgreSQL', () => {
  it('is encrypted, private, backed up ≥ 7 days, Multi-AZ and protected from deletion', () => {
    const db = onlyOne(declared, 'aws:rds/instance:Instance');
    expect(db.inputs.engine).toBe('postgres');
    expect(db.inputs.storageEncrypted).toBe(true);
    expect(db.inputs.kmsKeyId).toMatch(/^arn:aws:kms:/);
    expect(db.inputs.publiclyAccessible).toBe(false);
    expect(db.inputs.backupRetentionPeriod).toBeGreaterThanOrEqual(7);
    expect(db.inputs.multiAz).toBe(true);
    expect(db.inputs.deletionProtection).toBe(true);
    expect(db.inputs.skipFinalSnapshot).toBe(false);
    expect(db.inputs.performanceInsightsKmsKeyId).toMatch(/^arn:aws:kms:/);
  });

  it('has a generated master password, kept secret and stored in Secrets Manager', () => {
    const db = onlyOne(declared, 'aws:rds/instance:Instance');
    expect(isSecret(db.inputs.password)).toBe(true);
    expect(plain(db.inputs.password)).toBe(GENERATED_PASSWORD);
    const version = named('aws:secretsmanager/secretVersion:SecretVersion', `${PREFIX}-db-credentials`);
    expect(isSecret(version.inputs.secretString)).toBe(true);
    expect(JSON.parse(plain(version.inputs.secretString))).toMatchObject({ password: GENERATED_PASSWORD });
  });

  it('sits in a subnet group of the data subnets, behind a group open only to the cluster on 5432', () => {
    const db = onlyOne(declared, 'aws:rds/instance:Instance');
    const subnetGroup = onlyOne(declared, 'aws:rds/subnetGroup:SubnetGroup');
    expect(db.inputs.dbSubnetGroupName).toBe(subnetGroup.name);
    expect(subnetGroup.inputs.subnetIds.sort()).toEqual(idsOf('aws:ec2/subnet:Subnet', '-network-data-').sort());
    const group = named('aws:ec2/securityGroup:SecurityGroup', `${PREFIX}-db-sg`);
    expect(db.inputs.vpcSecurityGroupIds).toEqual([`sg-${group.name}`]);
    expect(group.inputs.ingress).toEqual([
      expect.objectContaining({
        protocol: 'tcp',
        fromPort: 5432,
        toPort: 5432,
        securityGroups: [CLUSTER_SECURITY_GROUP],
      }),
    ]);
    expect(group.inputs.egress).toEqual([]);
  });

  it('refuses connections without TLS', () => {
    const parameters = onlyOne(declared, 'aws:rds/parameterGroup:ParameterGroup');
    expect(parameters.inputs.parameters).toEqual(expect.arrayContaining([{ name: 'rds.force_ssl', value: '1' }]));
    expect(onlyOne(declared, 'aws:rds/instance:Instance').inputs.parameterGroupName).toBe(parameters.name);
  });
});

describe('prod stack: a PostgreSQL role per service', () => {
  const k8sSecret = (secretName: string) => {
    const found = ofType(declared, 'kubernetes:core/v1:Secret').find((r) => r.inputs.metadata.name === secretName);
    if (!found) throw new Error(`no Secret ${secretName}`);
    return found;
  };

  it('writes each service’s own role URL, generated and secret, into Secret <service>-database', () => {
    const passwords = new Set<string>();
    for (const service of BACKEND_SERVICE_NAMES) {
      const secret = k8sSecret(serviceDatabaseSecret(service));
      expect(isSecret(secret.inputs.stringData)).toBe(true);
      const url = new URL(plain<Record<string, string>>(secret.inputs.stringData).DATABASE_URL!);
      expect(url.username).toBe(serviceDatabaseRole(service));
      expect(url.host).toMatch(/\.rds\.amazonaws\.com:5432$/);
      expect(url.pathname).toBe('');
      passwords.add(
        named('random:index/randomPassword:RandomPassword', `${PREFIX}-db-${service}`).inputs.length as string,
      );
    }
    expect([...passwords]).toEqual([40]);
  });

  it('keeps the master user’s URL in Secret database-admin only', () => {
    const admin = k8sSecret(DATABASE_ADMIN_SECRET);
    expect(isSecret(admin.inputs.stringData)).toBe(true);
    expect(plain<Record<string, string>>(admin.inputs.stringData).DATABASE_ADMIN_URL).toMatch(
      /^postgres:\/\/platform:.+@.+\.rds\.amazonaws\.com:5432$/,
    );
    for (const secret of ofType(declared, 'kubernetes:core/v1:Secret')) {
      if (secret === admin) continue;
      expect(JSON.stringify(plain(secret.inputs.stringData))).not.toMatch(/postgres:\/\/platform:/);
    }
  });

  it('stores each role’s credentials in Secrets Manager under the database’s KMS key', () => {
    for (const service of BACKEND_SERVICE_NAMES) {
      const version = named('aws:secretsmanager/secretVersion:SecretVersion', `${PREFIX}-db-${service}-credentials`);
      expect(isSecret(version.inputs.secretString)).toBe(true);
      expect(JSON.parse(plain(version.inputs.secretString))).toMatchObject({
        username: serviceDatabaseRole(service),
        password: GENERATED_PASSWORD,
        dbname: BACKEND_SERVICES[service].database,
      });
      const stored = named('aws:secretsmanager/secret:Secret', `${PREFIX}-db-${service}-credentials`);
      expect(stored.inputs.kmsKeyId).toBe(`arn:aws:kms:${REGION}:${ACCOUNT}:key/${PREFIX}-db-key`);
    }
  });

  it('sets max_connections to the services’ connection budget, which the instance class can hold', () => {
    const parameters = onlyOne(declared, 'aws:rds/parameterGroup:ParameterGroup').inputs.parameters;
    expect(parameters).toEqual(
      expect.arrayContaining([
        { name: 'max_connections', value: String(databaseMaxConnections()), applyMethod: 'pending-reboot' },
      ]),
    );
    const instanceClass = onlyOne(declared, 'aws:rds/instance:Instance').inputs.instanceClass as string;
    expect(rdsConnectionCapacity(instanceClass)).toBeGreaterThanOrEqual(databaseMaxConnections());
  });
});

describe('prod stack: S3 media bucket', () => {
  it('blocks every kind of public access and disables ACLs', () => {
    expect(onlyOne(declared, 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock').inputs).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(onlyOne(declared, 'aws:s3/bucketOwnershipControls:BucketOwnershipControls').inputs.rule).toEqual({
      objectOwnership: 'BucketOwnerEnforced',
    });
  });

  it('encrypts with its KMS key, keeps versions, aborts abandoned multipart uploads and refuses plain HTTP', () => {
    const [rule] = onlyOne(
      declared,
      'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
    ).inputs.rules;
    expect(rule.applyServerSideEncryptionByDefault.sseAlgorithm).toBe('aws:kms');
    expect(rule.applyServerSideEncryptionByDefault.kmsMasterKeyId).toMatch(/^arn:aws:kms:/);
    expect(onlyOne(declared, 'aws:s3/bucketVersioning:BucketVersioning').inputs.versioningConfiguration.status).toBe(
      'Enabled',
    );
    const lifecycle = onlyOne(declared, 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration');
    const abort = lifecycle.inputs.rules.find((r: any) => r.abortIncompleteMultipartUpload);
    expect(abort.status).toBe('Enabled');
    expect(abort.abortIncompleteMultipartUpload.daysAfterInitiation).toBeGreaterThanOrEqual(1);
    const [deny] = statementsOf(onlyOne(declared, 'aws:s3/bucketPolicy:BucketPolicy').inputs.policy);
    expect(deny).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  it('allows browser PUTs from the web origin only', () => {
    const [cors] = onlyOne(declared, 'aws:s3/bucketCorsConfiguration:BucketCorsConfiguration').inputs.corsRules;
    expect(cors.allowedOrigins).toEqual(['https://learn.example.com']);
    expect(cors.allowedMethods).toContain('PUT');
    expect(cors.allowedMethods).not.toContain('DELETE');
    expect(cors.exposeHeaders).toContain('ETag');
  });
});

describe('prod stack: media pod identity', () => {
  const bucket = () => onlyOne(declared, 'aws:s3/bucket:Bucket');
  const bucketArn = () => `arn:aws:s3:::${bucket().name}`;

  it('lets media reach that bucket (and its key) only, with no wildcard action', () => {
    const policy = named('aws:iam/rolePolicy:RolePolicy', `${PREFIX}-media-access-bucket`);
    const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${PREFIX}-storage-key`;
    const statements = statementsOf(policy.inputs.policy);
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      for (const resource of asList(statement.Resource))
        expect([bucketArn(), `${bucketArn()}/*`, keyArn]).toContain(resource);
      for (const action of asList(statement.Action)) expect(action).toMatch(/^(s3|kms):[A-Z][A-Za-z]+$/);
    }
    const actions = statements.flatMap((statement) => asList(statement.Action));
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject', 's3:PutObject', 's3:DeleteObject']));
    expect(actions).not.toContain('s3:PutBucketPolicy');
  });

  it('associates the role with the media ServiceAccount of the platform namespace through EKS Pod Identity', () => {
    const association = named(
      'aws:eks/podIdentityAssociation:PodIdentityAssociation',
      `${PREFIX}-media-access-association`,
    );
    expect(association.inputs).toMatchObject({
      namespace: 'learning-platform',
      serviceAccount: BACKEND_SERVICES.media.name,
      clusterName: PREFIX,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/${PREFIX}-media-access-role`,
    });
    const role = named('aws:iam/role:Role', `${PREFIX}-media-access-role`);
    const [trust] = statementsOf(role.inputs.assumeRolePolicy);
    expect(trust.Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
    expect(
      ofType(declared, 'aws:iam/rolePolicyAttachment:RolePolicyAttachment').map((a) => a.inputs.role),
    ).not.toContain(role.name);
  });
});

describe('prod stack: tracing (ADOT collector → AWS X-Ray)', () => {
  const role = () => named('aws:iam/role:Role', `${PREFIX}-tracing-role`);

  it('lets the collector write traces to X-Ray and nothing else', () => {
    const policies = ofType(declared, 'aws:iam/rolePolicy:RolePolicy').filter(
      (p) => p.inputs.role === `${role().name}-id`,
    );
    expect(policies.map((p) => p.name)).toEqual([`${PREFIX}-tracing-xray`]);
    const statements = statementsOf(policies[0]!.inputs.policy);
    expect(statements).toHaveLength(1);
    expect(statements[0]!.Effect).toBe('Allow');
    expect([...asList(statements[0]!.Action)].sort()).toEqual([...XRAY_WRITE_ACTIONS].sort());
    expect(
      ofType(declared, 'aws:iam/rolePolicyAttachment:RolePolicyAttachment').map((a) => a.inputs.role),
    ).not.toContain(role().name);
  });

  it('can be assumed only by EKS Pod Identity for this account’s cluster, as the collector’s ServiceAccount', async () => {
    const [trust] = statementsOf(await valueOf(pulumi.output(role().inputs.assumeRolePolicy)));
    expect(trust!.Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
    expect(trust!.Condition).toEqual({
      StringEquals: {
        'aws:SourceAccount': ACCOUNT,
        'aws:SourceArn': `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${PREFIX}`,
      },
    });
    expect(
      named('aws:eks/podIdentityAssociation:PodIdentityAssociation', `${PREFIX}-tracing-association`).inputs,
    ).toMatchObject({
      namespace: 'observability',
      serviceAccount: 'adot-collector',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/${PREFIX}-tracing-role`,
    });
  });

  it('runs the pinned collector restricted, and the platform sends it a tenth of new traces', () => {
    const deployment = named('kubernetes:apps/v1:Deployment', `${PREFIX}-tracing-collector`);
    const pod = deployment.inputs.spec.template.spec;
    expect(pod.containers[0].image).toMatch(/^public\.ecr\.aws\/aws-observability\/aws-otel-collector:v\d+\.\d+\.\d+$/);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.containers[0].securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    const config = named('kubernetes:core/v1:ConfigMap', `${PREFIX}-platform-config`).inputs.data;
    expect(config).toMatchObject({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://adot-collector.observability.svc:4318',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.1',
    });
    const exporterConfig = JSON.parse(
      named('kubernetes:core/v1:ConfigMap', `${PREFIX}-tracing-config`).inputs.data['config.yaml'],
    );
    expect(exporterConfig.exporters.awsxray.region).toBe(REGION);
  });
});

describe('prod stack: Amazon MQ for RabbitMQ', () => {
  it('is private, a cluster across AZs, reachable on AMQPS from the cluster only', () => {
    const broker = onlyOne(declared, 'aws:mq/broker:Broker');
    expect(broker.inputs.engineType).toBe('RabbitMQ');
    expect(broker.inputs.publiclyAccessible).toBe(false);
    expect(broker.inputs.deploymentMode).toBe('CLUSTER_MULTI_AZ');
    expect(broker.inputs.subnetIds.sort()).toEqual(idsOf('aws:ec2/subnet:Subnet', '-network-data-').sort());
    // The password is a secret; Pulumi marks the list that holds it.
    const users = plain<{ username: string; password: unknown }[]>(broker.inputs.users);
    expect(isSecret(broker.inputs.users) || isSecret(users[0]!.password)).toBe(true);
    expect(plain(users[0]!.password)).toBe(GENERATED_PASSWORD);
    const group = named('aws:ec2/securityGroup:SecurityGroup', `${PREFIX}-mq-sg`);
    expect(broker.inputs.securityGroups).toEqual([`sg-${group.name}`]);
    expect(group.inputs.ingress).toEqual([
      expect.objectContaining({
        protocol: 'tcp',
        fromPort: 5671,
        toPort: 5671,
        securityGroups: [CLUSTER_SECURITY_GROUP],
      }),
    ]);
  });
});

describe('prod stack: ECR', () => {
  it('has one repository per image, immutable tags, scanned on push, KMS-encrypted', () => {
    const repositories = ofType(declared, 'aws:ecr/repository:Repository');
    expect(repositories.map((repository) => repository.inputs.name).sort()).toEqual(
      [...BACKEND_SERVICE_NAMES, WEB_APP.name].map((image) => `${PREFIX}/${image}`).sort(),
    );
    for (const repository of repositories) {
      expect(repository.inputs.imageTagMutability).toBe('IMMUTABLE');
      expect(repository.inputs.imageScanningConfiguration).toEqual({ scanOnPush: true });
      expect(repository.inputs.encryptionConfigurations).toEqual([{ encryptionType: 'KMS' }]);
    }
  });
});

describe('prod stack: settings and secrets', () => {
  const secretKeys = () =>
    PLATFORM_SETTINGS.filter((s) => s.secret && !platformSettings.UNSET_ON_EKS.includes(s.key)).map((s) => s.key);
  const configKeys = () =>
    PLATFORM_SETTINGS.filter((s) => !s.secret && !platformSettings.UNSET_ON_EKS.includes(s.key)).map((s) => s.key);

  it('puts every secret setting in Secrets Manager, encrypted with a KMS key', () => {
    const secret = named('aws:secretsmanager/secret:Secret', `${PREFIX}-secrets-settings`);
    expect(secret.inputs.name).toBe(`${PREFIX}/platform-secrets`);
    for (const stored of ofType(declared, 'aws:secretsmanager/secret:Secret')) {
      expect(stored.inputs.kmsKeyId).toMatch(/^arn:aws:kms:/);
    }
    const version = named('aws:secretsmanager/secretVersion:SecretVersion', `${PREFIX}-secrets-settings`);
    expect(isSecret(version.inputs.secretString)).toBe(true);
    const values = JSON.parse(plain(version.inputs.secretString));
    expect(Object.keys(values).sort()).toEqual(secretKeys().sort());
    expect(values.SMTP_URL).toBe(SMTP_URL);
    expect(values.JWT_PRIVATE_KEY).toBe(GENERATED_SIGNING_KEY);
  });

  it('writes the Secret platform-secrets with exactly the secret settings, marked secret', () => {
    const secret = named('kubernetes:core/v1:Secret', `${PREFIX}-platform-secrets`);
    expect(secret.inputs.metadata).toMatchObject({ name: PLATFORM_SECRET, namespace: 'learning-platform' });
    expect(isSecret(secret.inputs.stringData)).toBe(true);
    const data = plain<Record<string, string>>(secret.inputs.stringData);
    expect(Object.keys(data).sort()).toEqual(secretKeys().sort());
    // The master user's credentials are not among the settings every pod reads.
    expect(data.DATABASE_URL).toBeUndefined();
    expect(JSON.stringify(data)).not.toContain('postgres://');
    expect(data.AMQP_URL).toMatch(/^amqps:\/\/platform:.+@.+:5671$/);
  });

  it('keeps every secret out of the ConfigMap platform-config', () => {
    const configMap = named('kubernetes:core/v1:ConfigMap', `${PREFIX}-platform-config`);
    expect(configMap.inputs.metadata.name).toBe(PLATFORM_CONFIG_MAP);
    const data = configMap.inputs.data as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual(configKeys().sort());
    const text = JSON.stringify(data);
    for (const secret of [GENERATED_PASSWORD, GENERATED_SIGNING_KEY, SMTP_URL]) expect(text).not.toContain(secret);
    expect(data).toMatchObject({ NODE_ENV: 'production', DATABASE_SSL: 'true', S3_REGION: REGION });
    expect(data.S3_BUCKET).toBe(onlyOne(declared, 'aws:s3/bucket:Bucket').name);
    expect(data.CORS_ORIGINS).toBe('https://learn.example.com');
  });
});

describe('prod stack: the platform release', () => {
  it('deploys the committed chart with the configured image tag, from ECR, after its namespace', () => {
    const release = named('kubernetes:helm.sh/v3:Release', `${PREFIX}-platform-release`);
    expect(release.inputs.chart).toMatch(/[\\/]charts[\\/]learning-platform$/);
    expect(existsSync(join(release.inputs.chart, 'Chart.yaml'))).toBe(true);
    expect(release.inputs.namespace).toBe('learning-platform');
    expect(release.inputs.atomic).toBe(true);
    expect(release.inputs.values.image).toEqual({
      registry: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${PREFIX}`,
      tag: '1.4.0',
    });
    expect(release.inputs.values.ingress).toMatchObject({ host: 'learn.example.com', className: 'alb' });
  });

  it('passes values the chart’s values.schema.json accepts', () => {
    const release = named('kubernetes:helm.sh/v3:Release', `${PREFIX}-platform-release`);
    const schema = JSON.parse(readFileSync(join(release.inputs.chart, 'values.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect({ valid: validate(release.inputs.values), errors: validate.errors ?? null }).toEqual({
      valid: true,
      errors: null,
    });
  });

  it('relies on the chart’s migration Jobs running as pre-install/pre-upgrade hooks, before the new pods', () => {
    const release = named('kubernetes:helm.sh/v3:Release', `${PREFIX}-platform-release`);
    const migrations = readFileSync(join(release.inputs.chart, 'templates', 'migrations.yaml'), 'utf8');
    for (const service of BACKEND_SERVICE_NAMES) expect(migrations).toContain(`name: ${service}-migrate`);
    expect(migrations.match(/helm\.sh\/hook: pre-install,pre-upgrade/g)).toHaveLength(BACKEND_SERVICE_NAMES.length);
    expect(release.inputs.waitForJobs).toBe(true);
  });

  it('puts the platform in a namespace enforcing the restricted Pod Security Standard', () => {
    const namespace = named('kubernetes:core/v1:Namespace', `${PREFIX}-platform-namespace`);
    expect(namespace.inputs.metadata.name).toBe('learning-platform');
    expect(namespace.inputs.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('asks the AWS Load Balancer Controller for an internet-facing ALB to the pods, HTTPS from the ACM certificate', () => {
    const release = named('kubernetes:helm.sh/v3:Release', `${PREFIX}-platform-release`);
    expect(release.inputs.values.ingress.annotations).toEqual({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/certificate-arn': PROD_CONFIG['learning-platform:certificateArn'],
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
      'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      'alb.ingress.kubernetes.io/healthcheck-path': '/healthz',
      'alb.ingress.kubernetes.io/success-codes': '200-404',
    });
    // target type ip: the ALB's traffic comes from the public subnets, which the NetworkPolicies admit.
    expect(release.inputs.values.networkPolicy).toMatchObject({
      loadBalancerCidrs: ['10.40.0.0/22'],
      ingressControllerNamespace: 'aws-load-balancer-controller',
    });
    const publicSubnets = ofType(declared, 'aws:ec2/subnet:Subnet').filter((s) => s.name.includes('-network-public-'));
    for (const subnet of publicSubnets) expect(subnet.inputs.cidrBlock).toMatch(/^10\.40\.[0-3]\.0\/24$/);
    for (const subnet of ofType(declared, 'aws:ec2/subnet:Subnet').filter((s) => !publicSubnets.includes(s))) {
      expect(subnet.inputs.cidrBlock).not.toMatch(/^10\.40\.[0-3]\./);
    }
    expect(release.inputs.values.ingress.className).toBe('alb');
    const kedaRelease = named('kubernetes:helm.sh/v3:Release', `${PREFIX}-cluster-services-keda`);
    expect(kedaRelease.inputs.version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('prod stack: AWS Load Balancer Controller', () => {
  const release = () => named('kubernetes:helm.sh/v3:Release', `${PREFIX}-load-balancer-controller-release`);
  const policy = () =>
    statementsOf(named('aws:iam/rolePolicy:RolePolicy', `${PREFIX}-load-balancer-controller-policy`).inputs.policy);

  it('is a pinned Helm release for this cluster and VPC, IngressClass alb, target type ip, no WAF/Shield', () => {
    expect(release().inputs).toMatchObject({
      chart: 'aws-load-balancer-controller',
      repositoryOpts: { repo: 'https://aws.github.io/eks-charts' },
      namespace: 'aws-load-balancer-controller',
    });
    expect(release().inputs.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(release().inputs.values).toMatchObject({
      clusterName: PREFIX,
      region: REGION,
      vpcId: `${PREFIX}-network-vpc-id`,
      ingressClass: 'alb',
      createIngressClassResource: true,
      defaultTargetType: 'ip',
      enableWaf: false,
      enableWafv2: false,
      enableShield: false,
      serviceAccount: { create: true, name: 'aws-load-balancer-controller' },
    });
  });

  it('gets its AWS rights through EKS Pod Identity, on its own ServiceAccount only', () => {
    const association = named(
      'aws:eks/podIdentityAssociation:PodIdentityAssociation',
      `${PREFIX}-load-balancer-controller-association`,
    );
    expect(association.inputs).toMatchObject({
      clusterName: PREFIX,
      namespace: 'aws-load-balancer-controller',
      serviceAccount: 'aws-load-balancer-controller',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/${PREFIX}-load-balancer-controller-role`,
    });
    const role = named('aws:iam/role:Role', `${PREFIX}-load-balancer-controller-role`);
    expect(statementsOf(role.inputs.assumeRolePolicy)[0]!.Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
  });

  it('may change only this cluster’s load balancers, target groups and security groups, in this VPC', () => {
    const clusterTag = 'elbv2.k8s.aws/cluster';
    for (const statement of policy()) {
      const actions = asList(statement.Action);
      const conditions = JSON.stringify(statement.Condition ?? {});
      for (const action of actions) expect(action).not.toMatch(/^(waf|wafv2|waf-regional|shield|cognito-idp):/);
      const changesLoadBalancers = actions.some((a) =>
        /^elasticloadbalancing:(Create(LoadBalancer|TargetGroup)|Delete(LoadBalancer|TargetGroup)|Modify(LoadBalancerAttributes|TargetGroup)|Set(SecurityGroups|Subnets)|RegisterTargets)$/.test(
          a,
        ),
      );
      if (changesLoadBalancers) expect(conditions).toContain(`/${clusterTag}":"${PREFIX}"`);
      if (actions.includes('ec2:DeleteSecurityGroup'))
        expect(conditions).toContain(`ResourceTag/${clusterTag}":"${PREFIX}"`);
      if (actions.includes('ec2:CreateSecurityGroup')) {
        expect(asList(statement.Resource)).toContain(`arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/${PREFIX}-network-vpc-id`);
      }
      // Tagging a load balancer or target group would make it this cluster's: only on create, or of its own.
      if (actions.includes('elasticloadbalancing:AddTags')) {
        const onBalancers = asList(statement.Resource).some((r) => /:(loadbalancer|targetgroup)\//.test(r));
        if (onBalancers) expect(conditions).toContain(`/${clusterTag}":"${PREFIX}"`);
      }
      if (actions.includes('ec2:CreateTags')) expect(conditions).toContain(`/${clusterTag}":"${PREFIX}"`);
    }
  });
});

describe('prod stack: node autoscaling (Cluster Autoscaler)', () => {
  const release = () => named('kubernetes:helm.sh/v3:Release', `${PREFIX}-cluster-autoscaler-release`);

  it('runs the Cluster Autoscaler for this cluster, its image minor matching the pinned Kubernetes version', () => {
    expect(release().inputs).toMatchObject({
      chart: 'cluster-autoscaler',
      repositoryOpts: { repo: 'https://kubernetes.github.io/autoscaler' },
      namespace: 'kube-system',
    });
    expect(release().inputs.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(release().inputs.values).toMatchObject({
      cloudProvider: 'aws',
      awsRegion: REGION,
      autoDiscovery: { clusterName: PREFIX },
      image: { tag: 'v1.35.0' },
      rbac: { serviceAccount: { create: true, name: 'cluster-autoscaler' } },
      priorityClassName: 'system-cluster-critical',
    });
  });

  it('may resize only this cluster’s node group (its ASG, tagged as this cluster’s) and otherwise only read', () => {
    const statements = statementsOf(
      named('aws:iam/rolePolicy:RolePolicy', `${PREFIX}-cluster-autoscaler-scaling`).inputs.policy,
    );
    const writes = statements.filter((s) => asList(s.Action).some((a) => !/:(Describe|Get)/.test(a)));
    expect(writes).toHaveLength(1);
    const [write] = writes;
    expect(asList(write!.Action).sort()).toEqual([
      'autoscaling:SetDesiredCapacity',
      'autoscaling:TerminateInstanceInAutoScalingGroup',
    ]);
    expect(asList(write!.Resource)).toEqual([
      `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:*:autoScalingGroupName/eks-${PREFIX}-cluster-nodes-0ac7f1e2`,
    ]);
    expect(write!.Condition).toEqual({
      StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${PREFIX}`]: 'owned' },
    });
  });

  it('gets its AWS rights through EKS Pod Identity on kube-system/cluster-autoscaler', () => {
    const association = named(
      'aws:eks/podIdentityAssociation:PodIdentityAssociation',
      `${PREFIX}-cluster-autoscaler-association`,
    );
    expect(association.inputs).toMatchObject({
      clusterName: PREFIX,
      namespace: 'kube-system',
      serviceAccount: 'cluster-autoscaler',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/${PREFIX}-cluster-autoscaler-role`,
    });
    const role = named('aws:iam/role:Role', `${PREFIX}-cluster-autoscaler-role`);
    expect(statementsOf(role.inputs.assumeRolePolicy)[0]!.Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
  });

  it('leaves the node group’s desired size to the autoscaler, within bounds that fit the chart at its maxima', () => {
    const nodes = onlyOne(declared, 'aws:eks/nodeGroup:NodeGroup');
    expect(nodes.inputs.scalingConfig.maxSize).toBeGreaterThan(nodes.inputs.scalingConfig.minSize);
  });
});

function pulumiIsSecret(value: unknown): Promise<boolean> | boolean {
  const output = value as { isSecret?: Promise<boolean> };
  return output.isSecret ?? false;
}
