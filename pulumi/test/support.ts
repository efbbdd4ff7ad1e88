import * as pulumi from '@pulumi/pulumi';

/**
 * Pulumi mocks for the program's tests: every resource the program declares is recorded with the
 * inputs it was given (what a `pulumi preview` would send to AWS and Kubernetes), and answered with
 * the few outputs AWS would compute (ARNs, endpoints, the cluster's security group).
 * Test files call `installMocks` before importing the program or a component.
 */

export const PROJECT = 'learning-platform';
export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const CLUSTER_SECURITY_GROUP = 'sg-eks-cluster';
/** Values the mocks hand out for generated secrets: tests look for them where they must not be. */
export const GENERATED_PASSWORD = 'generated0password0for0tests';
export const GENERATED_SIGNING_KEY = 'generated-signing-key-placeholder';
export const SMTP_URL = 'smtps://smtp-user:smtp-password-for-tests@email-smtp.eu-west-1.amazonaws.com:465';

export interface Declared {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  /** A resource the program reads (`Service.get`) rather than declares. */
  readonly read: boolean;
}

export const BASE_CONFIG: Readonly<Record<string, string>> = {
  'aws:region': REGION,
  [`${PROJECT}:host`]: 'learn.example.com',
  [`${PROJECT}:imageTag`]: '1.4.0',
  [`${PROJECT}:adminEmail`]: 'admin@example.com',
  [`${PROJECT}:mailFrom`]: 'Learning Platform <no-reply@example.com>',
  [`${PROJECT}:smtpUrl`]: SMTP_URL,
};

export const PROD_CONFIG: Readonly<Record<string, string>> = {
  ...BASE_CONFIG,
  [`${PROJECT}:environment`]: 'prod',
  [`${PROJECT}:certificateArn`]: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`,
  [`${PROJECT}:nodeInstanceTypes`]: '["m7i.large"]',
};

export const DEV_CONFIG: Readonly<Record<string, string>> = {
  ...BASE_CONFIG,
  [`${PROJECT}:environment`]: 'dev',
  [`${PROJECT}:host`]: 'learn-dev.example.com',
};

function arn(service: string, resource: string, region = REGION): string {
  return `arn:aws:${service}:${region}:${ACCOUNT}:${resource}`;
}

function outputsOf(type: string, name: string, inputs: Record<string, any>): Record<string, any> {
  switch (type) {
    case 'aws:s3/bucket:Bucket':
      return { bucket: name, arn: `arn:aws:s3:::${name}` };
    case 'aws:kms/key:Key':
      return { arn: arn('kms', `key/${name}`), keyId: name };
    case 'aws:iam/role:Role':
      return { arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, name };
    case 'aws:eks/cluster:Cluster':
      return {
        name: inputs.name ?? name,
        arn: arn('eks', `cluster/${inputs.name ?? name}`),
        endpoint: 'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
        certificateAuthority: { data: 'Y2VydGlmaWNhdGUtYXV0aG9yaXR5' },
        vpcConfig: { ...inputs.vpcConfig, clusterSecurityGroupId: CLUSTER_SECURITY_GROUP },
      };
    case 'aws:eks/nodeGroup:NodeGroup':
      return { resources: [{ autoscalingGroups: [{ name: `eks-${name}-0ac7f1e2` }] }] };
    case 'aws:ec2/launchTemplate:LaunchTemplate':
      return { latestVersion: 1 };
    case 'aws:rds/instance:Instance':
      return { address: `${name}.abc123.${REGION}.rds.amazonaws.com`, port: 5432, arn: arn('rds', `db:${name}`) };
    case 'aws:rds/subnetGroup:SubnetGroup':
    case 'aws:rds/parameterGroup:ParameterGroup':
      return { name };
    case 'aws:mq/broker:Broker':
      return {
        arn: arn('mq', `broker:${name}`),
        instances: [{ endpoints: [`amqps://b-1234.mq.${REGION}.amazonaws.com:5671`] }],
      };
    case 'aws:ecr/repository:Repository':
      return { repositoryUrl: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${inputs.name}`, arn: arn('ecr', name) };
    case 'aws:secretsmanager/secret:Secret':
      return { arn: arn('secretsmanager', `secret:${inputs.name ?? name}`) };
    case 'aws:cloudwatch/logGroup:LogGroup':
      return { arn: arn('logs', `log-group:${name}`) };
    case 'aws:eks/podIdentityAssociation:PodIdentityAssociation':
      return { associationId: `a-${name}` };
    case 'random:index/randomPassword:RandomPassword':
      return { result: GENERATED_PASSWORD };
    case 'tls:index/privateKey:PrivateKey':
      return { privateKeyPemPkcs8: GENERATED_SIGNING_KEY };
    case 'kubernetes:helm.sh/v3:Release':
      return { status: { status: 'deployed', name: inputs.name, namespace: inputs.namespace } };
    case 'kubernetes:networking.k8s.io/v1:Ingress':
      return {
        status: { loadBalancer: { ingress: [{ hostname: 'k8s-learning-1234.eu-west-1.elb.amazonaws.com' }] } },
      };
    default:
      return {};
  }
}

/** Installs the mocks and the stack config; returns the list every declared resource lands in. */
export function installMocks(config: Readonly<Record<string, string>>, stack: string): Declared[] {
  const declared: Declared[] = [];
  pulumi.runtime.setAllConfig({ ...config }, [`${PROJECT}:smtpUrl`]);
  void pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        declared.push({ type: args.type, name: args.name, inputs: args.inputs, read: Boolean(args.id) });
        return {
          id: args.id || (args.type === 'aws:ec2/securityGroup:SecurityGroup' ? `sg-${args.name}` : `${args.name}-id`),
          state: { ...args.inputs, ...outputsOf(args.type, args.name, args.inputs) },
        };
      },
      call: (args) => {
        if (args.token === 'aws:index/getCallerIdentity:getCallerIdentity') {
          return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/sre`, userId: 'AIDEXAMPLE' };
        }
        if (args.token === 'aws:index/getAvailabilityZones:getAvailabilityZones') {
          return { names: [`${REGION}a`, `${REGION}b`, `${REGION}c`, `${REGION}d`], zoneIds: [] };
        }
        throw new Error(`unexpected call ${args.token} in the Pulumi mocks`);
      },
    },
    PROJECT,
    stack,
    // As in `pulumi up`: ids are known, so tests can follow references between resources.
    false,
  );
  return declared;
}

/** The value of an output (outputs of mocked resources resolve at once). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/**
 * Waits until every resource the program started to register has been registered, and returns
 * their URNs (under mocks, `urn:pulumi:<stack>::<project>::<parent type>$<type>::<name>`).
 */
export async function allRegistered(): Promise<string[]> {
  const monitor = pulumi.runtime.getMonitor() as unknown as { resources: Map<string, unknown> };
  await pulumi.runtime.disconnect();
  return [...monitor.resources.keys()];
}

/** Pulumi's marker of a secret value in serialized inputs. */
const SECRET_SIGNATURE = '4dabf18193072939515e22adb298388d';
const SECRET_MARK = '1b47061264138c4ac30d75fd1eb44270';

/** Whether an input reached the engine marked secret (so it is encrypted in the state). */
export function isSecret(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as Record<string, unknown>)[SECRET_SIGNATURE] === SECRET_MARK
  );
}

/** The plain value of an input, secret or not. */
export function plain<T = any>(value: unknown): T {
  return (isSecret(value) ? (value as { value: unknown }).value : value) as T;
}

export function ofType(declared: readonly Declared[], type: string): Declared[] {
  return declared.filter((resource) => resource.type === type && !resource.read);
}

export function onlyOne(declared: readonly Declared[], type: string): Declared {
  const found = ofType(declared, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Principal?: unknown;
  readonly Condition?: unknown;
}

export function statementsOf(policy: string): PolicyStatement[] {
  return (JSON.parse(policy) as { Statement: PolicyStatement[] }).Statement;
}

export const asList = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);
