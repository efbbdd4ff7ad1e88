/**
 * The room the production-scale platform (the Helm chart) must fit at its autoscalers' minimums
 * with what a rollout adds on top: one surge pod per Deployment that surges, or the migration Jobs
 * (Helm runs the hooks before it touches any Deployment, so the two never overlap). Below it a
 * first install or an upgrade never waits for a node to be added; node autoscaling (Pulumi) covers
 * growth beyond the minimums. docs/kubernetes.md shows the arithmetic; a test holds the chart to it.
 */
export const CAPACITY_BUDGET = {
  /** Nodes the smallest cluster (dev) runs at its node group's minimum. */
  nodes: 2,
  /** Allocatable CPU of a t3.large on EKS: 2 vCPU less kube-reserved (60 m + 10 m). */
  cpuMillisPerNode: 1930,
  /** Allocatable memory of a t3.large on EKS: ~7,910 MiB less kube-reserved (255 + 11 × 35 pods) and eviction (100). */
  memoryMebibytesPerNode: 7100,
  /**
   * Requests of the cluster's add-ons over all nodes: CoreDNS, kube-proxy, VPC CNI, the Pod Identity
   * agent, metrics-server, KEDA, the AWS Load Balancer Controller, the EBS CSI driver.
   */
  systemCpuMillis: 1000,
  systemMemoryMebibytes: 1536,
} as const;

/** What the platform may request at most: the nodes' allocatable less the add-ons. */
export function platformCapacity(): { cpuMillis: number; memoryMebibytes: number } {
  const budget = CAPACITY_BUDGET;
  return {
    cpuMillis: budget.nodes * budget.cpuMillisPerNode - budget.systemCpuMillis,
    memoryMebibytes: budget.nodes * budget.memoryMebibytesPerNode - budget.systemMemoryMebibytes,
  };
}
