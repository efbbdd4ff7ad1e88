// The dev stack under Pulumi mocks: cheaper where it may be (one NAT gateway, one broker, one
// database instance), and just as closed: the same security settings as prod.
import { DEV_CONFIG, PROJECT, allRegistered, installMocks, ofType, onlyOne } from './support';

const declared = installMocks(
  {
    ...DEV_CONFIG,
    [`${PROJECT}:clusterEndpointPublicAccess`]: 'true',
    [`${PROJECT}:clusterPublicAccessCidrs`]: '["203.0.113.0/24"]',
  },
  'dev',
);

let program: typeof import('../index');

beforeAll(async () => {
  program = await import('../index');
  await allRegistered();
});

describe('dev stack', () => {
  it('serves plain HTTP without a certificate and allows CORS from that origin only', () => {
    expect(program.url).toBe('http://learn-dev.example.com');
    const [cors] = onlyOne(declared, 'aws:s3/bucketCorsConfiguration:BucketCorsConfiguration').inputs.corsRules;
    expect(cors.allowedOrigins).toEqual(['http://learn-dev.example.com']);
  });

  it('has one NAT gateway, a single-instance broker and a single-AZ database without deletion protection', () => {
    expect(ofType(declared, 'aws:ec2/natGateway:NatGateway')).toHaveLength(1);
    const broker = onlyOne(declared, 'aws:mq/broker:Broker');
    expect(broker.inputs.deploymentMode).toBe('SINGLE_INSTANCE');
    expect(broker.inputs.subnetIds).toHaveLength(1);
    const db = onlyOne(declared, 'aws:rds/instance:Instance');
    expect(db.inputs).toMatchObject({ multiAz: false, deletionProtection: false, skipFinalSnapshot: true });
    expect(onlyOne(declared, 'aws:eks/cluster:Cluster').inputs.deletionProtection).toBe(false);
  });

  it('keeps the security settings of prod', () => {
    const db = onlyOne(declared, 'aws:rds/instance:Instance');
    expect(db.inputs).toMatchObject({ storageEncrypted: true, publiclyAccessible: false });
    expect(db.inputs.backupRetentionPeriod).toBeGreaterThanOrEqual(7);
    expect(onlyOne(declared, 'aws:mq/broker:Broker').inputs.publiclyAccessible).toBe(false);
    expect(onlyOne(declared, 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock').inputs).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    for (const repository of ofType(declared, 'aws:ecr/repository:Repository')) {
      expect(repository.inputs).toMatchObject({
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
      });
    }
  });

  it('opens the public API endpoint only to the configured networks', () => {
    const { vpcConfig } = onlyOne(declared, 'aws:eks/cluster:Cluster').inputs;
    expect(vpcConfig).toMatchObject({
      endpointPrivateAccess: true,
      endpointPublicAccess: true,
      publicAccessCidrs: ['203.0.113.0/24'],
    });
  });

  it('bounds the node group at its dev size, with room for the autoscaler to grow', () => {
    const { scalingConfig } = onlyOne(declared, 'aws:eks/nodeGroup:NodeGroup').inputs;
    expect(scalingConfig).toEqual({ minSize: 2, desiredSize: 2, maxSize: 12 });
  });

  it('asks for a plain-HTTP ALB without a certificate', () => {
    const release = ofType(declared, 'kubernetes:helm.sh/v3:Release').find((r) =>
      r.name.endsWith('-platform-release'),
    )!;
    const annotations = release.inputs.values.ingress.annotations;
    expect(annotations['alb.ingress.kubernetes.io/certificate-arn']).toBeUndefined();
    expect(annotations['alb.ingress.kubernetes.io/ssl-redirect']).toBeUndefined();
    expect(annotations['alb.ingress.kubernetes.io/listen-ports']).toBe('[{"HTTP":80}]');
    expect(release.inputs.values.networkPolicy.loadBalancerCidrs).toEqual(['10.40.0.0/22']);
  });
});
