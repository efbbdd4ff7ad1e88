import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface NetworkArgs {
  /** IPv4 CIDR of the VPC, /16 or larger; subnets are carved from its first /16. */
  readonly cidr: string;
  /** Exactly three availability zones. */
  readonly availabilityZones: pulumi.Input<readonly string[]>;
  /** One NAT gateway per AZ (survives an AZ outage) or one for the VPC (cheaper). */
  readonly natGatewayPerAz: boolean;
  /** EKS cluster name, for the subnet tags the load balancer controller and CCM look up. */
  readonly clusterName: string;
  /** For the S3 gateway endpoint (free; keeps media's S3 traffic off the NAT gateways). */
  readonly region: string;
  readonly tags: Readonly<Record<string, string>>;
}

export const AZ_COUNT = 3;

/**
 * A VPC across three AZs with three tiers of subnets per AZ:
 * - public: NAT gateways and the internet-facing Application Load Balancer only (a.b.0-2.0/24);
 * - nodes (private): EKS nodes and pods, out to the internet through NAT;
 * - data (private, no route out): RDS and Amazon MQ.
 * The VPC's default security group is emptied so nothing lands in an open group by accident, and
 * rejected traffic is recorded by a flow log.
 */
export class Network extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  public readonly publicSubnetIds: pulumi.Output<string>[];
  public readonly nodeSubnetIds: pulumi.Output<string>[];
  public readonly dataSubnetIds: pulumi.Output<string>[];
  /**
   * One CIDR covering the public subnets (`a.b.0.0/22`) and nothing else: where the load balancers'
   * addresses are, the source the pods' NetworkPolicies admit (ALB target type ip).
   */
  public readonly publicSubnetsCidr: string;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super('platform:aws:Network', name, {}, opts);
    const parent = { parent: this };
    const [a, b] = args.cidr.split('.');
    const zone = (index: number): pulumi.Output<string> =>
      pulumi.output(args.availabilityZones).apply((zones) => {
        if (zones.length < AZ_COUNT) throw new Error(`Network ${name}: needs ${AZ_COUNT} AZs, got ${zones.length}`);
        return zones[index]!;
      });
    const tags = (suffix: string, extra: Record<string, string> = {}): Record<string, string> => ({
      ...args.tags,
      Name: `${name}-${suffix}`,
      ...extra,
    });

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      { cidrBlock: args.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tags('vpc') },
      parent,
    );
    new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id, tags: tags('default-closed') }, parent);

    const flowLogGroup = new aws.cloudwatch.LogGroup(
      `${name}-flow-logs`,
      { retentionInDays: 30, tags: tags('flow-logs') },
      parent,
    );
    // Only flow logs of this account may assume the role (the confused-deputy guard AWS recommends).
    const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
    const flowLogRole = new aws.iam.Role(
      `${name}-flow-logs`,
      {
        assumeRolePolicy: accountId.apply((account) =>
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'aws:SourceAccount': account } },
              },
            ],
          }),
        ),
        tags: args.tags,
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-flow-logs`,
      {
        role: flowLogRole.id,
        policy: flowLogGroup.arn.apply((arn) =>
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
                Resource: [arn, `${arn}:*`],
              },
            ],
          }),
        ),
      },
      parent,
    );
    new aws.ec2.FlowLog(
      `${name}-flow-log`,
      {
        vpcId: vpc.id,
        trafficType: 'REJECT',
        logDestinationType: 'cloud-watch-logs',
        logDestination: flowLogGroup.arn,
        iamRoleArn: flowLogRole.arn,
        tags: tags('flow-log'),
      },
      parent,
    );

    const internetGateway = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tags('igw') }, parent);
    const publicRoutes = new aws.ec2.RouteTable(
      `${name}-public`,
      { vpcId: vpc.id, routes: [{ cidrBlock: '0.0.0.0/0', gatewayId: internetGateway.id }], tags: tags('public') },
      parent,
    );

    this.publicSubnetIds = [];
    this.nodeSubnetIds = [];
    this.dataSubnetIds = [];
    const natGateways: aws.ec2.NatGateway[] = [];
    const nodeRouteTableIds: pulumi.Output<string>[] = [];
    const dataRoutes = new aws.ec2.RouteTable(`${name}-data`, { vpcId: vpc.id, tags: tags('data') }, parent);

    for (let index = 0; index < AZ_COUNT; index++) {
      const availabilityZone = zone(index);
      const publicSubnet = new aws.ec2.Subnet(
        `${name}-public-${index}`,
        {
          vpcId: vpc.id,
          availabilityZone,
          cidrBlock: `${a}.${b}.${index}.0/24`,
          // Load balancers get public addresses; nothing else is placed here.
          mapPublicIpOnLaunch: false,
          tags: tags(`public-${index}`, {
            'kubernetes.io/role/elb': '1',
            [`kubernetes.io/cluster/${args.clusterName}`]: 'shared',
          }),
        },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-public-${index}`,
        { subnetId: publicSubnet.id, routeTableId: publicRoutes.id },
        parent,
      );
      this.publicSubnetIds.push(publicSubnet.id);

      if (args.natGatewayPerAz || index === 0) {
        const eip = new aws.ec2.Eip(`${name}-nat-${index}`, { domain: 'vpc', tags: tags(`nat-${index}`) }, parent);
        natGateways.push(
          new aws.ec2.NatGateway(
            `${name}-nat-${index}`,
            { subnetId: publicSubnet.id, allocationId: eip.id, tags: tags(`nat-${index}`) },
            { parent: this, dependsOn: [internetGateway] },
          ),
        );
      }
      const nat = natGateways[Math.min(index, natGateways.length - 1)]!;

      const nodeSubnet = new aws.ec2.Subnet(
        `${name}-nodes-${index}`,
        {
          vpcId: vpc.id,
          availabilityZone,
          cidrBlock: `${a}.${b}.${16 * (index + 1)}.0/20`,
          mapPublicIpOnLaunch: false,
          tags: tags(`nodes-${index}`, {
            'kubernetes.io/role/internal-elb': '1',
            [`kubernetes.io/cluster/${args.clusterName}`]: 'shared',
          }),
        },
        parent,
      );
      const nodeRoutes = new aws.ec2.RouteTable(
        `${name}-nodes-${index}`,
        { vpcId: vpc.id, routes: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }], tags: tags(`nodes-${index}`) },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-nodes-${index}`,
        { subnetId: nodeSubnet.id, routeTableId: nodeRoutes.id },
        parent,
      );
      this.nodeSubnetIds.push(nodeSubnet.id);
      nodeRouteTableIds.push(nodeRoutes.id);

      const dataSubnet = new aws.ec2.Subnet(
        `${name}-data-${index}`,
        {
          vpcId: vpc.id,
          availabilityZone,
          cidrBlock: `${a}.${b}.${100 + index}.0/24`,
          mapPublicIpOnLaunch: false,
          tags: tags(`data-${index}`),
        },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-data-${index}`,
        { subnetId: dataSubnet.id, routeTableId: dataRoutes.id },
        parent,
      );
      this.dataSubnetIds.push(dataSubnet.id);
    }

    new aws.ec2.VpcEndpoint(
      `${name}-s3`,
      {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${args.region}.s3`,
        vpcEndpointType: 'Gateway',
        routeTableIds: nodeRouteTableIds,
        tags: tags('s3'),
      },
      parent,
    );

    this.vpcId = vpc.id;
    this.publicSubnetsCidr = `${a}.${b}.0.0/22`;
    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      nodeSubnetIds: this.nodeSubnetIds,
      dataSubnetIds: this.dataSubnetIds,
    });
  }
}
