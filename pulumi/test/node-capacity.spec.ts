// The node group's bounds in the committed stack files against what the committed chart requests:
// at the autoscalers' minima the minimum node count holds the platform, and at their maxima the
// Cluster Autoscaler can add enough nodes (within nodeMaxSize) for every replica to schedule.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { chartPath } from '../components/platform';

/** Allocatable of an EKS AL2023 node of a 2 vCPU / 8 GiB type (m7i/m6i/t3.large), after kube and system reserves. */
const LARGE_NODE = { cpuMillis: 1930, memoryMiB: 7100 };
/** What every node runs besides the platform: aws-node, kube-proxy, the pod identity agent. */
const PER_NODE = { cpuMillis: 150, memoryMiB: 200 };
/** The cluster's own services: CoreDNS ×2, metrics-server, KEDA, the autoscaler, the load balancer controller. */
const CLUSTER_SERVICES = { cpuMillis: 800, memoryMiB: 1300 };

type Resources = { cpuMillis: number; memoryMiB: number };

const cpu = (value: string): number => (value.endsWith('m') ? Number(value.slice(0, -1)) : Number(value) * 1000);
const memory = (value: string): number =>
  value.endsWith('Gi') ? Number(value.slice(0, -2)) * 1024 : Number(value.replace(/Mi$/, ''));

function platformRequests(): { atMinima: Resources; atMaxima: Resources } {
  const templates = join(chartPath(), 'templates');
  const objects = ['platform.yaml', 'migrations.yaml'].flatMap((file) =>
    parseAllDocuments(readFileSync(join(templates, file), 'utf8').replace(/\{\{[^}]*\}\}/g, 'x')).map(
      (document) => document.toJS() as any,
    ),
  );
  const replicas = (name: string): { min: number; max: number } => {
    const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === name);
    if (hpa) return { min: hpa.spec.minReplicas, max: hpa.spec.maxReplicas };
    const scaled = objects.find((o) => o.kind === 'ScaledObject' && o.spec.scaleTargetRef.name === name);
    return { min: scaled.spec.minReplicaCount, max: scaled.spec.maxReplicaCount };
  };
  const podRequests = (pod: any): Resources =>
    pod.containers.reduce(
      (sum: Resources, c: any) => ({
        cpuMillis: sum.cpuMillis + cpu(c.resources.requests.cpu),
        memoryMiB: sum.memoryMiB + memory(c.resources.requests.memory),
      }),
      { cpuMillis: 0, memoryMiB: 0 },
    );
  const atMinima = { cpuMillis: 0, memoryMiB: 0 };
  const atMaxima = { cpuMillis: 0, memoryMiB: 0 };
  for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
    const pod = podRequests(deployment.spec.template.spec);
    const { min, max } = replicas(deployment.metadata.name);
    atMinima.cpuMillis += pod.cpuMillis * min;
    atMinima.memoryMiB += pod.memoryMiB * min;
    atMaxima.cpuMillis += pod.cpuMillis * max;
    atMaxima.memoryMiB += pod.memoryMiB * max;
  }
  // A rollout adds a surge pod and a migration Job on top of the minima.
  const job = podRequests(objects.find((o) => o.kind === 'Job').spec.template.spec);
  atMinima.cpuMillis += job.cpuMillis + 250;
  atMinima.memoryMiB += job.memoryMiB + 384;
  return { atMinima, atMaxima };
}

function nodesFor(need: Resources): number {
  const usable = {
    cpuMillis: LARGE_NODE.cpuMillis - PER_NODE.cpuMillis,
    memoryMiB: LARGE_NODE.memoryMiB - PER_NODE.memoryMiB,
  };
  const total = {
    cpuMillis: need.cpuMillis + CLUSTER_SERVICES.cpuMillis,
    memoryMiB: need.memoryMiB + CLUSTER_SERVICES.memoryMiB,
  };
  // 10 % left for bin-packing losses: pods do not split across nodes.
  return Math.ceil(Math.max(total.cpuMillis / (usable.cpuMillis * 0.9), total.memoryMiB / (usable.memoryMiB * 0.9)));
}

describe.each(['dev', 'prod'])('Pulumi.%s.yaml node group against the chart’s requests', (stack) => {
  const config = parse(readFileSync(join(__dirname, '..', `Pulumi.${stack}.yaml`), 'utf8')).config as Record<
    string,
    unknown
  >;
  const setting = (key: string) => config[`learning-platform:${key}`];

  it('uses 2 vCPU / 8 GiB instance types, which the figures here assume', () => {
    for (const type of setting('nodeInstanceTypes') as string[]) expect(type).toMatch(/^(m7i|m6i|t3)\.large$/);
  });

  it('starts with room for the platform at its minima plus a rollout’s surge pod and migration Job', () => {
    const { atMinima } = platformRequests();
    expect(Number(setting('nodeDesiredSize'))).toBeGreaterThanOrEqual(nodesFor(atMinima));
  });

  it('lets the autoscaler grow to hold every replica at the autoscalers’ maxima', () => {
    const { atMaxima } = platformRequests();
    expect(Number(setting('nodeMaxSize'))).toBeGreaterThanOrEqual(nodesFor(atMaxima));
  });
});
