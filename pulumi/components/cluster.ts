import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { NodeGroupSettings } from '../config';

export interface ClusterArgs {
  /** The EKS cluster's name (also used in the subnet tags of the network). */
  readonly clusterName: string;
  readonly region: string;
  /** Pinned Kubernetes version (`1.35`). */
  readonly kubernetesVersion: string;
  /** Private subnets for the nodes and the control plane's network interfaces. */
  readonly subnetIds: pulumi.Input<string>[];
  readonly endpointPublicAccess: boolean;
  /** Allowed sources of the public endpoint; ignored when it is off. */
  readonly publicAccessCidrs: readonly string[];
  readonly nodeGroup: NodeGroupSettings;
  /** Refuse `pulumi destroy` of the cluster (prod). */
  readonly deletionProtection: boolean;
  /** Days the control-plane logs (API, audit, authenticator, …) are kept. @default 90 */
  readonly logRetentionDays?: number;
  readonly tags: Readonly<Record<string, string>>;
}

const assumedBy = (service: string): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });

const MANAGED_POLICY = 'arn:aws:iam::aws:policy';

/**
 * EKS with a pinned version, API authentication (access entries, no aws-auth ConfigMap), secrets
 * envelope-encrypted with a KMS key, control-plane audit logs, the private endpoint always on, one
 * managed node group in the private subnets with bounded scaling (IMDSv2 only, hop limit 1 so pods
 * cannot borrow the node's role; encrypted root volumes), and the add-ons the chart relies on: the
 * VPC CNI with NetworkPolicy enforcement, the EKS Pod Identity agent, CoreDNS, kube-proxy and
 * metrics-server (for the HorizontalPodAutoscalers).
 */
export class Cluster extends pulumi.ComponentResource {
  public readonly name: pulumi.Output<string>;
  public readonly endpoint: pulumi.Output<string>;
  /** The security group EKS puts on the control plane and the managed nodes: the only source the data tier admits. */
  public readonly securityGroupId: pulumi.Output<string>;
  public readonly kubeconfig: pulumi.Output<string>;
  /** The managed node group's Auto Scaling groups: the only ones the cluster autoscaler may resize. */
  public readonly nodeAutoscalingGroupNames: pulumi.Output<string[]>;
  /** Kubernetes provider for this cluster, used by everything deployed into it. */
  public readonly provider: k8s.Provider;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('platform:aws:Cluster', name, {}, opts);
    const parent = { parent: this };
    const { nodeGroup } = args;

    const secretsKey = new aws.kms.Key(
      `${name}-secrets`,
      {
        description: `${args.clusterName}: Kubernetes secrets envelope encryption`,
        enableKeyRotation: true,
        tags: args.tags,
      },
      parent,
    );

    const clusterRole = new aws.iam.Role(
      `${name}-cluster`,
      { assumeRolePolicy: assumedBy('eks.amazonaws.com'), tags: args.tags },
      parent,
    );
    const clusterPolicy = new aws.iam.RolePolicyAttachment(
      `${name}-cluster`,
      { role: clusterRole.name, policyArn: `${MANAGED_POLICY}/AmazonEKSClusterPolicy` },
      parent,
    );
    // Envelope encryption of secrets: the control plane uses this one key, nothing else.
    const clusterKeyPolicy = new aws.iam.RolePolicy(
      `${name}-cluster-secrets-key`,
      {
        role: clusterRole.id,
        policy: secretsKey.arn.apply((keyArn) =>
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'],
                Resource: keyArn,
              },
            ],
          }),
        ),
      },
      parent,
    );

    // Made before the cluster so that EKS writes into it: the group EKS would make keeps logs forever.
    const controlPlaneLogs = new aws.cloudwatch.LogGroup(
      `${name}-control-plane-logs`,
      { name: `/aws/eks/${args.clusterName}/cluster`, retentionInDays: args.logRetentionDays ?? 90, tags: args.tags },
      parent,
    );

    const cluster = new aws.eks.Cluster(
      `${name}-eks`,
      {
        name: args.clusterName,
        version: args.kubernetesVersion,
        roleArn: clusterRole.arn,
        vpcConfig: {
          subnetIds: args.subnetIds,
          endpointPrivateAccess: true,
          endpointPublicAccess: args.endpointPublicAccess,
          publicAccessCidrs: args.endpointPublicAccess ? [...args.publicAccessCidrs] : undefined,
        },
        accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true },
        encryptionConfig: { resources: ['secrets'], provider: { keyArn: secretsKey.arn } },
        enabledClusterLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
        // Standard support only: a version past it is upgraded, not billed for extended support.
        upgradePolicy: { supportType: 'STANDARD' },
        deletionProtection: args.deletionProtection,
        tags: args.tags,
      },
      { parent: this, dependsOn: [clusterPolicy, clusterKeyPolicy, controlPlaneLogs] },
    );

    const nodeRole = new aws.iam.Role(
      `${name}-nodes`,
      { assumeRolePolicy: assumedBy('ec2.amazonaws.com'), tags: args.tags },
      parent,
    );
    // AWS's managed node policies. The CNI policy stays on the node role (the add-on needs it
    // before any pod identity works); pods cannot reach it: IMDS is closed to them (hop limit 1).
    const nodePolicies = [
      'AmazonEKSWorkerNodePolicy',
      'AmazonEKS_CNI_Policy',
      'AmazonEC2ContainerRegistryReadOnly',
    ].map(
      (policy) =>
        new aws.iam.RolePolicyAttachment(
          `${name}-nodes-${policy}`,
          { role: nodeRole.name, policyArn: `${MANAGED_POLICY}/${policy}` },
          parent,
        ),
    );

    const launchTemplate = new aws.ec2.LaunchTemplate(
      `${name}-nodes`,
      {
        description: `${args.clusterName} managed nodes`,
        metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [
          {
            deviceName: '/dev/xvda',
            ebs: {
              volumeSize: nodeGroup.diskSizeGiB,
              volumeType: 'gp3',
              encrypted: 'true',
              deleteOnTermination: 'true',
            },
          },
        ],
        tagSpecifications: [{ resourceType: 'instance', tags: { ...args.tags, Name: `${args.clusterName}-node` } }],
        tags: args.tags,
      },
      parent,
    );

    const nodes = new aws.eks.NodeGroup(
      `${name}-nodes`,
      {
        clusterName: cluster.name,
        version: args.kubernetesVersion,
        nodeRoleArn: nodeRole.arn,
        subnetIds: args.subnetIds,
        amiType: 'AL2023_x86_64_STANDARD',
        capacityType: 'ON_DEMAND',
        instanceTypes: [...nodeGroup.instanceTypes],
        scalingConfig: { minSize: nodeGroup.minSize, desiredSize: nodeGroup.desiredSize, maxSize: nodeGroup.maxSize },
        updateConfig: { maxUnavailable: 1 },
        launchTemplate: { id: launchTemplate.id, version: pulumi.interpolate`${launchTemplate.latestVersion}` },
        tags: args.tags,
      },
      // The cluster autoscaler moves desiredSize within the bounds; Pulumi leaves it. EKS tags the
      // group's ASG k8s.io/cluster-autoscaler/<cluster>=owned, which the autoscaler discovers it by.
      { parent: this, dependsOn: nodePolicies, ignoreChanges: ['scalingConfig.desiredSize'] },
    );

    const addon = (addonName: string, extra: Partial<aws.eks.AddonArgs> = {}, dependsOn: pulumi.Resource[] = []) =>
      new aws.eks.Addon(
        `${name}-${addonName}`,
        {
          clusterName: cluster.name,
          addonName,
          resolveConflictsOnCreate: 'OVERWRITE',
          resolveConflictsOnUpdate: 'OVERWRITE',
          tags: args.tags,
          ...extra,
        },
        { parent: this, dependsOn },
      );
    // The chart's NetworkPolicies (default deny, flow by flow) are enforced by the VPC CNI's agent.
    addon('vpc-cni', { configurationValues: JSON.stringify({ enableNetworkPolicy: 'true' }) });
    addon('kube-proxy');
    addon('eks-pod-identity-agent');
    addon('coredns', {}, [nodes]);
    addon('metrics-server', {}, [nodes]);

    this.name = cluster.name;
    this.endpoint = cluster.endpoint;
    this.securityGroupId = cluster.vpcConfig.clusterSecurityGroupId;
    this.nodeAutoscalingGroupNames = nodes.resources.apply((resources) =>
      resources.flatMap((resource) => resource.autoscalingGroups.map((group) => group.name)),
    );
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([cluster.name, cluster.endpoint, cluster.certificateAuthority.data])
        .apply(([clusterName, endpoint, certificateAuthority]) =>
          JSON.stringify(kubeconfigFor(clusterName, endpoint, certificateAuthority, args.region)),
        ),
    );
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true },
      { parent: this, dependsOn: [nodes] },
    );

    this.registerOutputs({
      name: this.name,
      endpoint: this.endpoint,
      securityGroupId: this.securityGroupId,
      kubeconfig: this.kubeconfig,
    });
  }
}

/** A kubeconfig that asks the AWS CLI for a short-lived token (no static credentials in it). */
function kubeconfigFor(clusterName: string, endpoint: string, certificateAuthority: string, region: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: clusterName, cluster: { server: endpoint, 'certificate-authority-data': certificateAuthority } },
    ],
    contexts: [{ name: clusterName, context: { cluster: clusterName, user: clusterName } }],
    'current-context': clusterName,
    users: [
      {
        name: clusterName,
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: 'aws',
            args: ['eks', 'get-token', '--cluster-name', clusterName, '--region', region, '--output', 'json'],
          },
        },
      },
    ],
  };
}
