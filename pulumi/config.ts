import { databaseMaxConnections } from '@platform/contracts';
import * as pulumi from '@pulumi/pulumi';

/**
 * Every stack setting of the program, read and validated here and nowhere else (STYLE.md). Values
 * come from `Pulumi.<stack>.yaml` (`pulumi config set …`); secrets only with `--secret`. Invalid
 * values fail the preview with one error naming each bad key, before any resource is planned.
 */

export type Environment = 'dev' | 'prod';

export interface NodeGroupSettings {
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  readonly diskSizeGiB: number;
}

export interface ClusterSettings {
  /** EKS Kubernetes version, pinned (`1.35`); upgrade one minor at a time. */
  readonly kubernetesVersion: string;
  /** Whether the API server is also reachable from the internet (then only from `publicAccessCidrs`). */
  readonly endpointPublicAccess: boolean;
  readonly publicAccessCidrs: readonly string[];
  readonly nodeGroup: NodeGroupSettings;
}

export interface DatabaseSettings {
  /** Big enough for the services' connection budget (rdsConnectionCapacity). */
  readonly instanceClass: string;
  /** Major (`17`) or major.minor (`17.6`); minor upgrades are applied in the maintenance window. */
  readonly engineVersion: string;
  readonly allocatedStorageGiB: number;
  readonly maxAllocatedStorageGiB: number;
  readonly backupRetentionDays: number;
  /** Always true in prod. */
  readonly multiAz: boolean;
  /** Always true in prod. */
  readonly deletionProtection: boolean;
}

export interface BrokerSettings {
  readonly instanceType: string;
  readonly engineVersion: string;
  /** A three-node cluster across AZs in prod, one instance in dev. */
  readonly deploymentMode: 'SINGLE_INSTANCE' | 'CLUSTER_MULTI_AZ';
}

export interface PlatformStackConfig {
  readonly project: string;
  readonly stack: string;
  readonly environment: Environment;
  readonly region: string;
  /** Prefix of every AWS name (`learning-platform-prod`). */
  readonly namePrefix: string;
  readonly vpcCidr: string;
  /** One NAT gateway per AZ (prod) or one for the VPC (dev, cheaper, not AZ-resilient). */
  readonly natGatewayPerAz: boolean;
  readonly cluster: ClusterSettings;
  readonly database: DatabaseSettings;
  readonly broker: BrokerSettings;
  readonly platform: {
    /**
     * Whether to deploy the chart (and its ConfigMap and Secret). `false` for a stack's very first
     * run: the ECR repositories must exist and hold the images before the chart can start.
     */
    readonly deploy: boolean;
    /** Public host name of the platform, the chart's `ingress.host`. */
    readonly host: string;
    /** Tag of every image (ECR tags are immutable: a new version is a new tag). */
    readonly imageTag: string;
    readonly namespace: string;
    readonly logLevel: string;
    /** Share of new traces kept (OTEL_TRACES_SAMPLER_ARG of a parent-based ratio sampler), 0 to 1. */
    readonly traceSampleRatio: number;
    /** ACM certificate for TLS on the load balancer; required in prod. */
    readonly certificateArn?: string;
    readonly mailFrom: string;
    readonly adminEmail: string;
    /** SMTP relay URL with credentials (SES SMTP), a Pulumi secret. */
    readonly smtpUrl: pulumi.Output<string>;
  };
  readonly clusterServices: {
    /** The AWS Load Balancer Controller's chart (eks-charts). */
    readonly loadBalancerControllerChartVersion: string;
    /** The Cluster Autoscaler's chart (kubernetes/autoscaler); its image follows kubernetesVersion. */
    readonly clusterAutoscalerChartVersion: string;
    readonly kedaChartVersion: string;
    readonly monitoringNamespace: string;
    /**
     * Whether the chart ships its PodMonitors, PrometheusRule and Grafana dashboards (the cluster
     * runs the Prometheus Operator, e.g. kube-prometheus-stack, in `monitoringNamespace`).
     */
    readonly monitoringEnabled: boolean;
    /** The `release` label the Prometheus Operator selects monitors and rules by. */
    readonly prometheusRelease: string;
  };
  readonly tags: Readonly<Record<string, string>>;
}

/** The slice of `pulumi.Config` this file uses, so tests can feed it bad values directly. */
export interface ConfigReader {
  get(key: string): string | undefined;
  getSecret(key: string): pulumi.Output<string> | undefined;
}

const HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const IMAGE_TAG = /^[\w][\w.-]{0,127}$/;
const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

/**
 * Last day of EKS standard support per Kubernetes minor (AWS's release calendar). The cluster's
 * upgrade policy is STANDARD: past that day EKS upgrades the control plane by itself rather than
 * bill extended support (about six times the hourly rate), so upgrade the pinned version before.
 */
export const EKS_STANDARD_SUPPORT_ENDS: Readonly<Record<string, string>> = {
  '1.33': '2026-07-29',
  '1.34': '2026-12-02',
  '1.35': '2027-03-27',
};

/** What to tell an SRE about the pinned version's support on `today`, if anything. */
export function eksSupportWarning(kubernetesVersion: string, today: Date = new Date()): string | undefined {
  const ends = EKS_STANDARD_SUPPORT_ENDS[kubernetesVersion];
  if (!ends)
    return `EKS ${kubernetesVersion}: no standard-support date known here; check AWS's calendar and add it to EKS_STANDARD_SUPPORT_ENDS`;
  const days = Math.floor((Date.parse(`${ends}T00:00:00Z`) - today.getTime()) / 86_400_000);
  if (days < 0) {
    return `EKS ${kubernetesVersion} left standard support on ${ends}: with upgrade policy STANDARD, EKS upgrades the control plane on its own; upgrade kubernetesVersion now (docs/pulumi.md)`;
  }
  if (days <= 60)
    return `EKS ${kubernetesVersion} leaves standard support on ${ends} (${days} days): plan the upgrade (docs/pulumi.md)`;
  return undefined;
}

/** Memory of an RDS instance class in GiB, for the families this program offers (t, m, r; Graviton or Intel). */
function rdsInstanceMemoryGiB(instanceClass: string): number | undefined {
  const match = /^db\.([tmr])\d+[a-z]*\.(micro|small|medium|large|(\d*)xlarge)$/.exec(instanceClass);
  if (!match) return undefined;
  const [, family, size, multiple] = match;
  const burstable: Record<string, number> = { micro: 1, small: 2, medium: 4, large: 8 };
  if (size!.endsWith('xlarge')) {
    const times = multiple ? Number(multiple) : 1;
    return (family === 'r' ? 32 : 16) * times;
  }
  if (family === 't') return burstable[size!];
  if (size === 'large') return family === 'r' ? 16 : 8;
  return undefined;
}

/**
 * Connections an RDS PostgreSQL instance of the class can hold safely: RDS's default is
 * DBInstanceClassMemory / 9531392, and DBInstanceClassMemory is the class's memory less what the
 * OS and RDS keep (taken here as 15 %).
 */
export function rdsConnectionCapacity(instanceClass: string): number | undefined {
  const gib = rdsInstanceMemoryGiB(instanceClass);
  return gib === undefined ? undefined : Math.floor((gib * 1024 ** 3 * 0.85) / 9531392);
}

function isCidr(value: string, maxPrefix = 32): boolean {
  const match = CIDR.exec(value);
  if (!match) return false;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  return octets.every((octet) => octet <= 255) && prefix <= maxPrefix;
}

/**
 * Reads and validates the stack's config. Collects every problem and throws one error listing
 * them, each prefixed with its full key (`learning-platform:nodeMaxSize`).
 */
export function loadConfig(
  reader: ConfigReader = new pulumi.Config(),
  context: { project: string; stack: string; region: string | undefined } = {
    project: pulumi.getProject(),
    stack: pulumi.getStack(),
    region: new pulumi.Config('aws').get('region'),
  },
): PlatformStackConfig {
  const problems: string[] = [];
  const key = (name: string): string => `${context.project}:${name}`;
  const fail = (name: string, message: string): void => void problems.push(`${key(name)} ${message}`);

  const text = (name: string, fallback?: string): string => {
    const value = reader.get(name)?.trim() ?? fallback;
    if (value === undefined || value === '') {
      fail(name, 'is required');
      return '';
    }
    return value;
  };
  const optionalText = (name: string): string | undefined => {
    const value = reader.get(name)?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = reader.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      fail(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = reader.get(name);
    if (raw === undefined) return fallback;
    if (raw !== 'true' && raw !== 'false') {
      fail(name, `must be true or false (got "${raw}")`);
      return fallback;
    }
    return raw === 'true';
  };
  const list = (name: string, fallback: readonly string[]): readonly string[] => {
    const raw = reader.get(name);
    if (raw === undefined) return fallback;
    try {
      const value: unknown = JSON.parse(raw);
      if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
    } catch {
      // reported below
    }
    fail(name, `must be a list of strings (got ${raw})`);
    return fallback;
  };
  const matching = (name: string, value: string, pattern: RegExp, what: string): string => {
    if (value !== '' && !pattern.test(value)) fail(name, `must be ${what} (got "${value}")`);
    return value;
  };

  const environmentRaw = text('environment');
  if (environmentRaw !== '' && environmentRaw !== 'dev' && environmentRaw !== 'prod') {
    fail('environment', `must be dev or prod (got "${environmentRaw}")`);
  }
  const environment: Environment = environmentRaw === 'prod' ? 'prod' : 'dev';
  const prod = environment === 'prod';

  const region = context.region ?? '';
  if (region === '') problems.push('aws:region is required (pulumi config set aws:region eu-west-1)');

  const vpcCidr = text('vpcCidr', '10.40.0.0/16');
  if (vpcCidr !== '' && !isCidr(vpcCidr, 16))
    fail('vpcCidr', `must be an IPv4 CIDR of /16 or larger (got "${vpcCidr}")`);

  const kubernetesVersion = matching(
    'kubernetesVersion',
    text('kubernetesVersion', '1.35'),
    /^1\.\d{2}$/,
    'an EKS version such as 1.35',
  );
  const endpointPublicAccess = flag('clusterEndpointPublicAccess', false);
  const publicAccessCidrs = list('clusterPublicAccessCidrs', []);
  if (endpointPublicAccess && publicAccessCidrs.length === 0) {
    fail('clusterPublicAccessCidrs', 'must list the CIDRs allowed to reach a public API endpoint');
  }
  for (const cidr of publicAccessCidrs) {
    if (!isCidr(cidr)) fail('clusterPublicAccessCidrs', `holds "${cidr}", which is not an IPv4 CIDR`);
    else if (cidr.endsWith('/0')) fail('clusterPublicAccessCidrs', `must not open the API to the internet ("${cidr}")`);
  }

  // Sized against the chart's requests (pulumi/test/node-capacity.spec.ts): the maximum holds every
  // replica at the autoscalers' maxima, which the Cluster Autoscaler grows to when pods are Pending.
  const minSize = integer('nodeMinSize', prod ? 3 : 2, 1, 50);
  const maxSize = integer('nodeMaxSize', 12, 1, 50);
  const desiredSize = integer('nodeDesiredSize', minSize, 1, 50);
  if (minSize > maxSize) fail('nodeMinSize', `(${minSize}) must not exceed nodeMaxSize (${maxSize})`);
  if (desiredSize < minSize || desiredSize > maxSize) {
    fail('nodeDesiredSize', `(${desiredSize}) must be between nodeMinSize (${minSize}) and nodeMaxSize (${maxSize})`);
  }
  const instanceTypes = list('nodeInstanceTypes', prod ? ['m7i.large', 'm6i.large'] : ['t3.large']);
  if (instanceTypes.length === 0) fail('nodeInstanceTypes', 'must name at least one instance type');

  const backupRetentionDays = integer('dbBackupRetentionDays', prod ? 14 : 7, 7, 35);
  const allocatedStorageGiB = integer('dbAllocatedStorageGiB', 20, 20, 16384);
  const maxAllocatedStorageGiB = integer('dbMaxAllocatedStorageGiB', prod ? 200 : 50, 20, 65536);
  if (maxAllocatedStorageGiB < allocatedStorageGiB) {
    fail('dbMaxAllocatedStorageGiB', `(${maxAllocatedStorageGiB}) must be at least dbAllocatedStorageGiB`);
  }
  const multiAz = flag('dbMultiAz', prod);
  const deletionProtection = flag('dbDeletionProtection', prod);
  if (prod && !multiAz) fail('dbMultiAz', 'must be true in prod');
  if (prod && !deletionProtection) fail('dbDeletionProtection', 'must be true in prod');

  const host = matching('host', text('host'), HOST, 'a lower-case DNS name such as learn.example.com');
  const imageTag = matching('imageTag', text('imageTag'), IMAGE_TAG, 'a Docker tag such as 1.4.0');
  if (imageTag === 'latest') fail('imageTag', 'must name a release, not "latest" (ECR tags here are immutable)');
  const certificateArn = optionalText('certificateArn');
  if (certificateArn !== undefined) matching('certificateArn', certificateArn, ACM_ARN, 'an ACM certificate ARN');
  if (prod && certificateArn === undefined) fail('certificateArn', 'is required in prod (TLS on the load balancer)');
  const logLevel = text('logLevel', 'info');
  if (!LOG_LEVELS.includes(logLevel)) fail('logLevel', `must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  const traceSampleRatioRaw = reader.get('traceSampleRatio');
  const traceSampleRatio = traceSampleRatioRaw === undefined ? (prod ? 0.1 : 1) : Number(traceSampleRatioRaw);
  if (!(traceSampleRatio >= 0 && traceSampleRatio <= 1)) {
    fail('traceSampleRatio', `must be a number from 0 to 1 (got "${traceSampleRatioRaw}")`);
  }
  const namespace = matching('namespace', text('namespace', 'learning-platform'), K8S_NAME, 'a Kubernetes name');
  const adminEmail = matching('adminEmail', text('adminEmail'), EMAIL, 'an e-mail address');
  const mailFrom = text('mailFrom');
  const smtpUrl = reader.getSecret('smtpUrl');
  if (smtpUrl === undefined) {
    fail(
      'smtpUrl',
      'is required as a secret (pulumi config set --secret smtpUrl smtps://USER:PASSWORD@email-smtp…:465)',
    );
  }

  const brokerDeployment = prod ? 'CLUSTER_MULTI_AZ' : 'SINGLE_INSTANCE';
  const natGatewayPerAz = flag('natGatewayPerAz', prod);
  const diskSizeGiB = integer('nodeDiskSizeGiB', 50, 20, 1000);
  const dbInstanceClass = text('dbInstanceClass', prod ? 'db.m7g.large' : 'db.t4g.medium');
  const capacity = rdsConnectionCapacity(dbInstanceClass);
  if (capacity === undefined) {
    fail(
      'dbInstanceClass',
      `must be an RDS class of the t, m or r family such as db.m7g.large (got "${dbInstanceClass}")`,
    );
  } else if (capacity < databaseMaxConnections()) {
    fail(
      'dbInstanceClass',
      `${dbInstanceClass} holds about ${capacity} connections; the services' budget needs ${databaseMaxConnections()} ` +
        '(libs/contracts DATABASE_CONNECTION_BUDGET): pick a larger class',
    );
  }
  const dbEngineVersion = matching(
    'dbEngineVersion',
    text('dbEngineVersion', '17'),
    /^\d{2}(\.\d+)?$/,
    'like 17 or 17.6',
  );
  const mqInstanceType = text('mqInstanceType', prod ? 'mq.m5.large' : 'mq.t3.micro');
  const mqEngineVersion = text('mqEngineVersion', '3.13');
  const deploy = flag('deployPlatform', true);
  const chartVersion = (name: string, fallback: string): string =>
    matching(name, text(name, fallback), /^\d+\.\d+\.\d+$/, 'a chart version such as 1.2.3');
  const loadBalancerControllerChartVersion = chartVersion('loadBalancerControllerChartVersion', '3.5.0');
  const clusterAutoscalerChartVersion = chartVersion('clusterAutoscalerChartVersion', '9.52.1');
  const kedaChartVersion = chartVersion('kedaChartVersion', '2.17.2');
  const monitoringNamespace = matching(
    'monitoringNamespace',
    text('monitoringNamespace', 'monitoring'),
    K8S_NAME,
    'a Kubernetes name',
  );

  const monitoringEnabled = flag('monitoringEnabled', false);
  const prometheusRelease = matching(
    'prometheusRelease',
    text('prometheusRelease', 'kube-prometheus-stack'),
    K8S_NAME,
    'a Helm release name',
  );

  // Everything is read above, so that one run reports every bad key.
  if (problems.length > 0 || smtpUrl === undefined) {
    throw new Error(`Invalid stack config (${context.stack}):\n  - ${problems.join('\n  - ')}`);
  }

  const namePrefix = `${context.project}-${context.stack}`;
  return {
    project: context.project,
    stack: context.stack,
    environment,
    region,
    namePrefix,
    vpcCidr,
    natGatewayPerAz,
    cluster: {
      kubernetesVersion,
      endpointPublicAccess,
      publicAccessCidrs,
      nodeGroup: {
        instanceTypes,
        minSize,
        desiredSize,
        maxSize,
        diskSizeGiB,
      },
    },
    database: {
      instanceClass: dbInstanceClass,
      engineVersion: dbEngineVersion,
      allocatedStorageGiB,
      maxAllocatedStorageGiB,
      backupRetentionDays,
      multiAz,
      deletionProtection,
    },
    broker: {
      instanceType: mqInstanceType,
      engineVersion: mqEngineVersion,
      deploymentMode: brokerDeployment,
    },
    platform: {
      deploy,
      host,
      imageTag,
      namespace,
      logLevel,
      traceSampleRatio,
      certificateArn,
      mailFrom,
      adminEmail,
      smtpUrl,
    },
    clusterServices: {
      loadBalancerControllerChartVersion,
      clusterAutoscalerChartVersion,
      kedaChartVersion,
      monitoringNamespace,
      monitoringEnabled,
      prometheusRelease,
    },
    tags: { project: context.project, stack: context.stack, environment, 'managed-by': 'pulumi' },
  };
}
