// config.ts on its own: a stack's settings are refused with one message naming every bad key.
import * as pulumi from '@pulumi/pulumi';
import { type ConfigReader, EKS_STANDARD_SUPPORT_ENDS, eksSupportWarning, loadConfig } from '../config';

const SECRET_KEYS = new Set(['smtpUrl']);
const VALID: Readonly<Record<string, string>> = {
  environment: 'prod',
  host: 'learn.example.com',
  imageTag: '1.4.0',
  adminEmail: 'admin@example.com',
  mailFrom: 'Learning Platform <no-reply@example.com>',
  certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
  smtpUrl: 'smtps://user:pass@email-smtp.eu-west-1.amazonaws.com:465',
};

function reader(values: Readonly<Record<string, string | undefined>>): ConfigReader {
  return {
    get: (key) => (SECRET_KEYS.has(key) ? undefined : values[key]),
    getSecret: (key) => (values[key] === undefined ? undefined : pulumi.secret(values[key]!)),
  };
}

const load = (overrides: Readonly<Record<string, string | undefined>> = {}, region: string | undefined = 'eu-west-1') =>
  loadConfig(reader({ ...VALID, ...overrides }), { project: 'learning-platform', stack: 'test', region });

const problemsOf = (overrides: Readonly<Record<string, string | undefined>>, region?: string): string => {
  try {
    load(overrides, region);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
};

describe('stack config', () => {
  it('accepts a valid prod stack and fills in the prod defaults', () => {
    const config = load();
    expect(config.environment).toBe('prod');
    expect(config.namePrefix).toBe('learning-platform-test');
    expect(config.natGatewayPerAz).toBe(true);
    expect(config.database).toMatchObject({ multiAz: true, deletionProtection: true });
    expect(config.database.backupRetentionDays).toBeGreaterThanOrEqual(7);
    expect(config.broker.deploymentMode).toBe('CLUSTER_MULTI_AZ');
    expect(config.cluster).toMatchObject({ kubernetesVersion: '1.35', endpointPublicAccess: false });
    expect(config.cluster.nodeGroup).toMatchObject({ minSize: 3, desiredSize: 3, maxSize: 12 });
    // A tenth of new traces in prod; no monitoring objects unless the cluster runs the Prometheus Operator.
    expect(config.platform.traceSampleRatio).toBe(0.1);
    expect(config.clusterServices).toMatchObject({
      monitoringEnabled: false,
      prometheusRelease: 'kube-prometheus-stack',
    });
  });

  it('refuses a database class too small for the services’ connection budget, or one it cannot size', () => {
    expect(problemsOf({ dbInstanceClass: 'db.t4g.small' })).toMatch(
      /learning-platform:dbInstanceClass db\.t4g\.small holds about \d+ connections; the services' budget needs \d+/,
    );
    expect(problemsOf({ dbInstanceClass: 'db.x2g.large' })).toMatch(
      /dbInstanceClass must be an RDS class of the t, m or r family/,
    );
    expect(load({ dbInstanceClass: 'db.t4g.medium' }).database.instanceClass).toBe('db.t4g.medium');
    expect(load({ dbInstanceClass: 'db.r7g.2xlarge' }).database.instanceClass).toBe('db.r7g.2xlarge');
  });

  it('pins by default a version in EKS standard support, and warns before and after it ends', () => {
    const pinned = load().cluster.kubernetesVersion;
    expect(EKS_STANDARD_SUPPORT_ENDS[pinned]).toBeDefined();
    expect(eksSupportWarning('1.35', new Date('2026-12-04T12:00:00Z'))).toBeUndefined();
    expect(eksSupportWarning('1.35', new Date('2027-02-20T12:00:00Z'))).toMatch(
      /leaves standard support on 2027-03-27 \(34 days\)/,
    );
    expect(eksSupportWarning('1.34', new Date('2026-12-04T12:00:00Z'))).toMatch(
      /left standard support on 2026-12-02: with upgrade policy STANDARD, EKS upgrades the control plane on its own/,
    );
    expect(eksSupportWarning('1.99')).toMatch(/no standard-support date known/);
  });

  it('deploys the chart unless a first run says not yet', () => {
    expect(load().platform.deploy).toBe(true);
    expect(load({ deployPlatform: 'false' }).platform.deploy).toBe(false);
  });

  it('names every required setting that is missing, in one message', () => {
    const message = problemsOf({ host: undefined, imageTag: undefined, smtpUrl: undefined }, '');
    expect(message).toContain('Invalid stack config (test)');
    expect(message).toContain('learning-platform:host is required');
    expect(message).toContain('learning-platform:imageTag is required');
    expect(message).toContain('learning-platform:smtpUrl is required as a secret');
    expect(message).toContain('aws:region is required');
  });

  it('refuses malformed values with what was expected and what it got', () => {
    expect(problemsOf({ environment: 'staging' })).toContain(
      'learning-platform:environment must be dev or prod (got "staging")',
    );
    expect(problemsOf({ host: 'Not A Host' })).toContain('learning-platform:host must be a lower-case DNS name');
    expect(problemsOf({ imageTag: 'latest' })).toContain('must name a release, not "latest"');
    expect(problemsOf({ imageTag: 'v1 with spaces' })).toContain('learning-platform:imageTag must be a Docker tag');
    expect(problemsOf({ kubernetesVersion: 'latest' })).toContain(
      'learning-platform:kubernetesVersion must be an EKS version',
    );
    expect(problemsOf({ nodeMaxSize: 'many' })).toContain(
      'learning-platform:nodeMaxSize must be a whole number from 1 to 50 (got "many")',
    );
    expect(problemsOf({ nodeInstanceTypes: 'm7i.large' })).toContain(
      'learning-platform:nodeInstanceTypes must be a list of strings',
    );
    expect(problemsOf({ logLevel: 'loud' })).toContain(
      'learning-platform:logLevel must be one of fatal, error, warn, info, debug, trace',
    );
    expect(problemsOf({ vpcCidr: '10.0.0.0/24' })).toContain(
      'learning-platform:vpcCidr must be an IPv4 CIDR of /16 or larger',
    );
    expect(problemsOf({ adminEmail: 'nobody' })).toContain('learning-platform:adminEmail must be an e-mail address');
  });

  it('reports a bad value of every setting, including the rarely changed ones', () => {
    const message = problemsOf({
      nodeDiskSizeGiB: 'big',
      deployPlatform: 'maybe',
      natGatewayPerAz: 'sometimes',
      dbEngineVersion: 'seventeen',
      kedaChartVersion: 'latest',
      monitoringNamespace: 'Monitoring!',
      monitoringEnabled: 'yes',
      prometheusRelease: 'Prom!',
      traceSampleRatio: '10%',
    });
    for (const key of [
      'nodeDiskSizeGiB',
      'deployPlatform',
      'natGatewayPerAz',
      'dbEngineVersion',
      'kedaChartVersion',
      'monitoringNamespace',
      'monitoringEnabled',
      'prometheusRelease',
      'traceSampleRatio',
    ]) {
      expect(message).toContain(`learning-platform:${key} `);
    }
  });

  it('keeps node scaling bounded and consistent', () => {
    expect(problemsOf({ nodeMinSize: '5', nodeMaxSize: '3' })).toContain(
      'learning-platform:nodeMinSize (5) must not exceed nodeMaxSize (3)',
    );
    expect(problemsOf({ nodeMinSize: '2', nodeDesiredSize: '7', nodeMaxSize: '4' })).toContain(
      'learning-platform:nodeDesiredSize (7) must be between nodeMinSize (2) and nodeMaxSize (4)',
    );
    expect(problemsOf({ nodeMaxSize: '500' })).toContain('from 1 to 50');
  });

  it('refuses backups shorter than 7 days', () => {
    expect(problemsOf({ dbBackupRetentionDays: '3' })).toContain(
      'learning-platform:dbBackupRetentionDays must be a whole number from 7 to 35 (got "3")',
    );
  });

  it('refuses a prod stack without Multi-AZ, deletion protection or TLS', () => {
    const message = problemsOf({ dbMultiAz: 'false', dbDeletionProtection: 'false', certificateArn: undefined });
    expect(message).toContain('learning-platform:dbMultiAz must be true in prod');
    expect(message).toContain('learning-platform:dbDeletionProtection must be true in prod');
    expect(message).toContain('learning-platform:certificateArn is required in prod');
  });

  it('lets dev run single-AZ without a certificate', () => {
    const config = load({ environment: 'dev', certificateArn: undefined });
    expect(config.database).toMatchObject({ multiAz: false, deletionProtection: false, backupRetentionDays: 7 });
    expect(config.natGatewayPerAz).toBe(false);
    expect(config.broker.deploymentMode).toBe('SINGLE_INSTANCE');
  });

  it('never opens the API server to the whole internet', () => {
    expect(problemsOf({ clusterEndpointPublicAccess: 'true' })).toContain(
      'learning-platform:clusterPublicAccessCidrs must list the CIDRs allowed to reach a public API endpoint',
    );
    expect(problemsOf({ clusterEndpointPublicAccess: 'true', clusterPublicAccessCidrs: '["0.0.0.0/0"]' })).toContain(
      'must not open the API to the internet ("0.0.0.0/0")',
    );
    expect(problemsOf({ clusterEndpointPublicAccess: 'yes' })).toContain('must be true or false (got "yes")');
    expect(
      load({ clusterEndpointPublicAccess: 'true', clusterPublicAccessCidrs: '["203.0.113.0/24"]' }).cluster,
    ).toMatchObject({
      endpointPublicAccess: true,
      publicAccessCidrs: ['203.0.113.0/24'],
    });
  });
});
