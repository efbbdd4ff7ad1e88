import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';

export interface PodIdentityRoleArgs {
  readonly clusterName: pulumi.Input<string>;
  /** The one namespace and ServiceAccount whose pods get the role. */
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly description: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * `<name>-role`, which only the EKS Pod Identity service may assume, and `<name>-association`,
 * which gives it to the pods of one namespace/ServiceAccount. Declared as children of the calling
 * component (`opts` carries `{ parent }`), which attaches the role's policy itself. A plain
 * function: MediaAccess, the cluster autoscaler and the load balancer controller each have one.
 */
export function podIdentityRole(
  name: string,
  args: PodIdentityRoleArgs,
  opts: pulumi.CustomResourceOptions,
): { role: aws.iam.Role; association: aws.eks.PodIdentityAssociation } {
  const role = new aws.iam.Role(
    `${name}-role`,
    {
      description: args.description,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'pods.eks.amazonaws.com' },
            Action: ['sts:AssumeRole', 'sts:TagSession'],
          },
        ],
      }),
      tags: args.tags,
    },
    opts,
  );
  const association = new aws.eks.PodIdentityAssociation(
    `${name}-association`,
    {
      clusterName: args.clusterName,
      namespace: args.namespace,
      serviceAccount: args.serviceAccount,
      roleArn: role.arn,
      tags: args.tags,
    },
    opts,
  );
  return { role, association };
}
