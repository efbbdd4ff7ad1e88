import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { podIdentityRole } from './pod-identity';

export interface LoadBalancerControllerArgs {
  readonly provider: k8s.Provider;
  readonly clusterName: pulumi.Input<string>;
  readonly region: string;
  readonly vpcId: pulumi.Input<string>;
  readonly chartVersion: string;
  readonly tags: Readonly<Record<string, string>>;
}

export const LOAD_BALANCER_CONTROLLER_NAMESPACE = 'aws-load-balancer-controller';
export const LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT = 'aws-load-balancer-controller';
/** The IngressClass it serves (the chart's `ingress.className` on EKS). */
export const ALB_INGRESS_CLASS = 'alb';

/** Tag the controller puts on everything it creates, valued with the cluster's name. */
const CLUSTER_TAG = 'elbv2.k8s.aws/cluster';

/**
 * The controller's IAM policy: AWS's published one (kubernetes-sigs/aws-load-balancer-controller
 * docs/install/iam_policy.json, v3.5) made narrower: no WAF, Shield or Cognito actions (the chart
 * turns those add-ons off); every change scoped to this account and region, to this VPC, and
 * through the cluster tag to load balancers, target groups and security groups of this cluster
 * (StringEquals on the cluster's name, where AWS's policy only asks for the tag to exist).
 * Only reads that take no resource-level permission keep `*`.
 */
export function loadBalancerControllerPolicy(p: {
  accountId: string;
  region: string;
  vpcId: string;
  clusterName: string;
}): object {
  const ec2 = (resource: string) => `arn:aws:ec2:${p.region}:${p.accountId}:${resource}`;
  const elb = (resource: string) => `arn:aws:elasticloadbalancing:${p.region}:${p.accountId}:${resource}`;
  const loadBalancers = [elb('loadbalancer/app/*/*'), elb('loadbalancer/net/*/*')];
  const targetGroups = elb('targetgroup/*/*');
  const listeners = [elb('listener/app/*/*/*'), elb('listener/net/*/*/*')];
  const rules = [elb('listener-rule/app/*/*/*'), elb('listener-rule/net/*/*/*')];
  const ofThisCluster = { StringEquals: { [`aws:ResourceTag/${CLUSTER_TAG}`]: p.clusterName } };
  const taggedForThisCluster = { StringEquals: { [`aws:RequestTag/${CLUSTER_TAG}`]: p.clusterName } };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ServiceLinkedRole',
        Effect: 'Allow',
        Action: 'iam:CreateServiceLinkedRole',
        Resource: `arn:aws:iam::${p.accountId}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`,
        Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
      },
      {
        Sid: 'Read',
        Effect: 'Allow',
        Action: [
          'ec2:DescribeAccountAttributes',
          'ec2:DescribeAddresses',
          'ec2:DescribeAvailabilityZones',
          'ec2:DescribeInternetGateways',
          'ec2:DescribeVpcs',
          'ec2:DescribeVpcPeeringConnections',
          'ec2:DescribeSubnets',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeInstances',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeTags',
          'ec2:DescribeCoipPools',
          'ec2:GetCoipPoolUsage',
          'ec2:GetSecurityGroupsForVpc',
          'ec2:DescribeIpamPools',
          'ec2:DescribeRouteTables',
          'elasticloadbalancing:DescribeLoadBalancers',
          'elasticloadbalancing:DescribeLoadBalancerAttributes',
          'elasticloadbalancing:DescribeListeners',
          'elasticloadbalancing:DescribeListenerCertificates',
          'elasticloadbalancing:DescribeListenerAttributes',
          'elasticloadbalancing:DescribeSSLPolicies',
          'elasticloadbalancing:DescribeRules',
          'elasticloadbalancing:DescribeTargetGroups',
          'elasticloadbalancing:DescribeTargetGroupAttributes',
          'elasticloadbalancing:DescribeTargetHealth',
          'elasticloadbalancing:DescribeTags',
          'elasticloadbalancing:DescribeTrustStores',
          'elasticloadbalancing:DescribeCapacityReservation',
          'acm:ListCertificates',
          'acm:DescribeCertificate',
        ],
        Resource: '*',
      },
      {
        Sid: 'CreateSecurityGroupsInThisVpc',
        Effect: 'Allow',
        Action: 'ec2:CreateSecurityGroup',
        Resource: [ec2(`vpc/${p.vpcId}`), ec2('security-group/*')],
      },
      {
        Sid: 'TagNewSecurityGroups',
        Effect: 'Allow',
        Action: 'ec2:CreateTags',
        Resource: ec2('security-group/*'),
        Condition: {
          StringEquals: { [`aws:RequestTag/${CLUSTER_TAG}`]: p.clusterName, 'ec2:CreateAction': 'CreateSecurityGroup' },
        },
      },
      {
        Sid: 'ManageThisClustersSecurityGroups',
        Effect: 'Allow',
        Action: [
          'ec2:CreateTags',
          'ec2:DeleteTags',
          'ec2:AuthorizeSecurityGroupIngress',
          'ec2:RevokeSecurityGroupIngress',
          'ec2:DeleteSecurityGroup',
        ],
        Resource: ec2('security-group/*'),
        Condition: ofThisCluster,
      },
      {
        // Opening the nodes' (cluster) security group to the load balancer's: a group the controller
        // did not create, in this VPC only.
        Sid: 'OpenNodeSecurityGroupsToTheLoadBalancer',
        Effect: 'Allow',
        Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
        Resource: ec2('security-group/*'),
        Condition: { StringEquals: { 'ec2:Vpc': ec2(`vpc/${p.vpcId}`) } },
      },
      {
        Sid: 'CreateLoadBalancersTaggedForThisCluster',
        Effect: 'Allow',
        Action: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
        Resource: [...loadBalancers, targetGroups],
        Condition: taggedForThisCluster,
      },
      {
        Sid: 'TagOnCreate',
        Effect: 'Allow',
        Action: 'elasticloadbalancing:AddTags',
        Resource: [...loadBalancers, targetGroups],
        Condition: {
          StringEquals: {
            [`aws:RequestTag/${CLUSTER_TAG}`]: p.clusterName,
            'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'],
          },
        },
      },
      {
        Sid: 'ManageThisClustersLoadBalancers',
        Effect: 'Allow',
        Action: [
          'elasticloadbalancing:AddTags',
          'elasticloadbalancing:RemoveTags',
          'elasticloadbalancing:ModifyLoadBalancerAttributes',
          'elasticloadbalancing:SetIpAddressType',
          'elasticloadbalancing:SetSecurityGroups',
          'elasticloadbalancing:SetSubnets',
          'elasticloadbalancing:DeleteLoadBalancer',
          'elasticloadbalancing:ModifyTargetGroup',
          'elasticloadbalancing:ModifyTargetGroupAttributes',
          'elasticloadbalancing:DeleteTargetGroup',
          'elasticloadbalancing:ModifyCapacityReservation',
          'elasticloadbalancing:ModifyIpPools',
        ],
        Resource: [...loadBalancers, targetGroups],
        Condition: ofThisCluster,
      },
      {
        Sid: 'Targets',
        Effect: 'Allow',
        Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
        Resource: targetGroups,
        Condition: ofThisCluster,
      },
      {
        Sid: 'Listeners',
        Effect: 'Allow',
        Action: 'elasticloadbalancing:CreateListener',
        Resource: loadBalancers,
      },
      {
        Sid: 'ListenersAndRules',
        Effect: 'Allow',
        Action: [
          'elasticloadbalancing:DeleteListener',
          'elasticloadbalancing:ModifyListener',
          'elasticloadbalancing:ModifyListenerAttributes',
          'elasticloadbalancing:AddListenerCertificates',
          'elasticloadbalancing:RemoveListenerCertificates',
          'elasticloadbalancing:CreateRule',
          'elasticloadbalancing:DeleteRule',
          'elasticloadbalancing:ModifyRule',
          'elasticloadbalancing:SetRulePriorities',
          // Tags on listeners and rules only: tagging a load balancer would make it this cluster's.
          'elasticloadbalancing:AddTags',
          'elasticloadbalancing:RemoveTags',
        ],
        Resource: [...listeners, ...rules],
      },
    ],
  };
}

/**
 * The chart's `ingress.annotations` on EKS: an internet-facing ALB sending traffic to the pods'
 * addresses; with a certificate, HTTPS on 443 (TLS 1.2+ policy) and HTTP on 80 redirected to it.
 * The ALB's own health check asks only that a pod answers HTTP (web's /healthz is 200, the APIs
 * answer 404 there): which pods take traffic is Kubernetes readiness, which the controller follows
 * (it registers ready endpoints only).
 */
export function albIngressAnnotations(certificateArn?: string): Record<string, string> {
  const annotations: Record<string, string> = {
    'alb.ingress.kubernetes.io/scheme': 'internet-facing',
    'alb.ingress.kubernetes.io/target-type': 'ip',
    'alb.ingress.kubernetes.io/healthcheck-path': '/healthz',
    'alb.ingress.kubernetes.io/success-codes': '200-404',
    'alb.ingress.kubernetes.io/listen-ports': JSON.stringify(
      certificateArn ? [{ HTTP: 80 }, { HTTPS: 443 }] : [{ HTTP: 80 }],
    ),
  };
  if (certificateArn) {
    annotations['alb.ingress.kubernetes.io/certificate-arn'] = certificateArn;
    annotations['alb.ingress.kubernetes.io/ssl-redirect'] = '443';
    annotations['alb.ingress.kubernetes.io/ssl-policy'] = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
  }
  return annotations;
}

/**
 * The AWS Load Balancer Controller, the EKS way to serve the chart's Ingress (ingress-nginx is
 * retired): it turns the Ingress of IngressClass `alb` into an Application Load Balancer in the
 * public subnets that sends traffic straight to the pods' addresses (target type ip), with TLS
 * from ACM (docs/pulumi.md). It runs in a namespace of its own under EKS Pod Identity with the
 * scoped policy above; WAF, Shield and Cognito integrations are off.
 */
export class LoadBalancerController extends pulumi.ComponentResource {
  public readonly roleArn: pulumi.Output<string>;
  public readonly release: k8s.helm.v3.Release;

  constructor(name: string, args: LoadBalancerControllerArgs, opts?: pulumi.ComponentResourceOptions) {
    super('platform:k8s:LoadBalancerController', name, {}, opts);
    const parent = { parent: this };

    const { role, association } = podIdentityRole(
      name,
      {
        clusterName: args.clusterName,
        namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE,
        serviceAccount: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
        description: `Pod identity of ${LOAD_BALANCER_CONTROLLER_NAMESPACE}/${LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT}: this cluster's load balancers`,
        tags: args.tags,
      },
      parent,
    );
    const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
    new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: role.id,
        policy: pulumi
          .all([accountId, args.vpcId, args.clusterName])
          .apply(([account, vpcId, clusterName]) =>
            JSON.stringify(
              loadBalancerControllerPolicy({ accountId: account, region: args.region, vpcId, clusterName }),
            ),
          ),
      },
      parent,
    );

    this.release = new k8s.helm.v3.Release(
      `${name}-release`,
      {
        name: 'aws-load-balancer-controller',
        chart: 'aws-load-balancer-controller',
        version: args.chartVersion,
        repositoryOpts: { repo: 'https://aws.github.io/eks-charts' },
        namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE,
        createNamespace: true,
        atomic: true,
        values: {
          clusterName: args.clusterName,
          region: args.region,
          vpcId: args.vpcId,
          replicaCount: 2,
          serviceAccount: { create: true, name: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT },
          ingressClass: ALB_INGRESS_CLASS,
          createIngressClassResource: true,
          defaultTargetType: 'ip',
          enableShield: false,
          enableWaf: false,
          enableWafv2: false,
          podDisruptionBudget: { maxUnavailable: 1 },
        },
      },
      { parent: this, provider: args.provider, dependsOn: [association] },
    );

    this.roleArn = role.arn;
    this.registerOutputs({ roleArn: this.roleArn });
  }
}
