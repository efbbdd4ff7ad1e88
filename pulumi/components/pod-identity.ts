/**
 * Trust policy of a role for EKS Pod Identity: only the EKS Pod Identity service may assume it (the
 * association then names the one namespace/ServiceAccount whose pods get it). A plain function:
 * MediaAccess, the cluster autoscaler and the load balancer controller each declare their own role.
 */
export function podIdentityTrust(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      },
    ],
  });
}
