import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { podIdentityRole } from './pod-identity';

export interface ClusterAutoscalerArgs {
  readonly provider: k8s.Provider;
  readonly clusterName: pulumi.Input<string>;
  readonly region: string;
  /** The managed node group's Auto Scaling groups, the only ones it may resize. */
  readonly autoscalingGroupNames: pulumi.Input<string[]>;
  /** Pinned EKS version (`1.35`): the autoscaler's minor must match it. */
  readonly kubernetesVersion: string;
  readonly chartVersion: string;
  readonly tags: Readonly<Record<string, string>>;
}

export const CLUSTER_AUTOSCALER_NAMESPACE = 'kube-system';
export const CLUSTER_AUTOSCALER_SERVICE_ACCOUNT = 'cluster-autoscaler';

/** What it reads to model the node group (none of these take resource-level permissions). */
export const CLUSTER_AUTOSCALER_READ_ACTIONS = [
  'autoscaling:DescribeAutoScalingGroups',
  'autoscaling:DescribeAutoScalingInstances',
  'autoscaling:DescribeLaunchConfigurations',
  'autoscaling:DescribeScalingActivities',
  'autoscaling:DescribeTags',
  'ec2:DescribeImages',
  'ec2:DescribeInstanceTypes',
  'ec2:DescribeLaunchTemplateVersions',
  'ec2:GetInstanceTypesFromInstanceRequirements',
  'eks:DescribeNodegroup',
] as const;
/** What it changes: the group's size, and which instance leaves on a scale-down. */
export const CLUSTER_AUTOSCALER_WRITE_ACTIONS = [
  'autoscaling:SetDesiredCapacity',
  'autoscaling:TerminateInstanceInAutoScalingGroup',
] as const;

/**
 * Node autoscaling with the Kubernetes Cluster Autoscaler (why this one, not Karpenter or EKS Auto
 * Mode: docs/pulumi.md): it grows the managed node group when pods stay Pending for want of room
 * (a surge pod, a migration Job, the HPAs at their maxima) and shrinks it when nodes sit
 * underused, within the group's min/max. It runs in kube-system under EKS Pod Identity with a role
 * that may resize only this cluster's node group (its ASG by name, and tagged as this cluster's)
 * and read what it needs; its image's minor follows the cluster's version.
 */
export class ClusterAutoscaler extends pulumi.ComponentResource {
  public readonly roleArn: pulumi.Output<string>;
  public readonly release: k8s.helm.v3.Release;

  constructor(name: string, args: ClusterAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
    super('platform:k8s:ClusterAutoscaler', name, {}, opts);
    const parent = { parent: this };

    const { role, association } = podIdentityRole(
      name,
      {
        clusterName: args.clusterName,
        namespace: CLUSTER_AUTOSCALER_NAMESPACE,
        serviceAccount: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
        description: `Pod identity of ${CLUSTER_AUTOSCALER_NAMESPACE}/${CLUSTER_AUTOSCALER_SERVICE_ACCOUNT}: resize the node group`,
        tags: args.tags,
      },
      parent,
    );
    const account = aws.getCallerIdentityOutput({}, parent).accountId;
    new aws.iam.RolePolicy(
      `${name}-scaling`,
      {
        role: role.id,
        policy: pulumi
          .all([account, args.clusterName, args.autoscalingGroupNames])
          .apply(([accountId, clusterName, groups]) =>
            JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'ResizeThisClustersNodeGroup',
                  Effect: 'Allow',
                  Action: CLUSTER_AUTOSCALER_WRITE_ACTIONS,
                  Resource: groups.map(
                    (group) =>
                      `arn:aws:autoscaling:${args.region}:${accountId}:autoScalingGroup:*:autoScalingGroupName/${group}`,
                  ),
                  Condition: {
                    StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: 'owned' },
                  },
                },
                { Sid: 'Discover', Effect: 'Allow', Action: CLUSTER_AUTOSCALER_READ_ACTIONS, Resource: '*' },
              ],
            }),
          ),
      },
      parent,
    );

    this.release = new k8s.helm.v3.Release(
      `${name}-release`,
      {
        name: 'cluster-autoscaler',
        chart: 'cluster-autoscaler',
        version: args.chartVersion,
        repositoryOpts: { repo: 'https://kubernetes.github.io/autoscaler' },
        namespace: CLUSTER_AUTOSCALER_NAMESPACE,
        atomic: true,
        values: {
          cloudProvider: 'aws',
          awsRegion: args.region,
          autoDiscovery: { clusterName: args.clusterName },
          image: { tag: `v${args.kubernetesVersion}.0` },
          rbac: { serviceAccount: { create: true, name: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT } },
          priorityClassName: 'system-cluster-critical',
          resources: { requests: { cpu: '100m', memory: '300Mi' }, limits: { memory: '300Mi' } },
          extraArgs: {
            // Fill nodes before adding one; keep AZs balanced (the node group spans three).
            expander: 'least-waste',
            'balance-similar-node-groups': true,
            'skip-nodes-with-local-storage': false,
            'scale-down-unneeded-time': '10m',
            'scale-down-utilization-threshold': 0.5,
          },
          podDisruptionBudget: { maxUnavailable: 1 },
        },
      },
      { parent: this, provider: args.provider, dependsOn: [association] },
    );

    this.roleArn = role.arn;
    this.registerOutputs({ roleArn: this.roleArn });
  }
}
