import { CAPACITY_BUDGET, platformCapacity } from '../src/capacity';
import { DEV_SYNC_COMPILER_MEBIBYTES } from '../src/charts/platform.chart';
import { type KubeObject, byKind, named, objectsOf, platformChart, renderedHelmChart } from './support';

function cpuMillis(quantity: string | number): number {
  const text = String(quantity);
  return text.endsWith('m') ? Number(text.slice(0, -1)) : Number(text) * 1000;
}

function mebibytes(quantity: string | number): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi)?$/.exec(String(quantity));
  if (!match) throw new Error(`unexpected memory quantity ${quantity}`);
  const factor = { Ki: 1 / 1024, Mi: 1, Gi: 1024 }[match[2] ?? ''] ?? 1 / (1024 * 1024);
  return Number(match[1]) * factor;
}

interface Footprint {
  cpuMillis: number;
  memoryMebibytes: number;
}

const add = (a: Footprint, b: Footprint): Footprint => ({
  cpuMillis: a.cpuMillis + b.cpuMillis,
  memoryMebibytes: a.memoryMebibytes + b.memoryMebibytes,
});
const times = (a: Footprint, n: number): Footprint => ({
  cpuMillis: a.cpuMillis * n,
  memoryMebibytes: a.memoryMebibytes * n,
});
const none: Footprint = { cpuMillis: 0, memoryMebibytes: 0 };

function podRequests(pod: any): Footprint {
  return pod.containers.reduce(
    (sum: Footprint, container: any) =>
      add(sum, {
        cpuMillis: cpuMillis(container.resources.requests.cpu),
        memoryMebibytes: mebibytes(container.resources.requests.memory),
      }),
    none,
  );
}

function minReplicas(objects: KubeObject[], deployment: string): number {
  const hpa = byKind(objects, 'HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.name === deployment);
  if (hpa) return hpa.spec.minReplicas;
  return named(objects, 'ScaledObject', deployment).spec.minReplicaCount;
}

/** Pods one rolling update adds at most (maxSurge of the minimum replica count, rounded up). */
function surgePods(deployment: KubeObject, replicas: number): number {
  const surge = String(deployment.spec.strategy.rollingUpdate.maxSurge);
  return surge.endsWith('%') ? Math.ceil((replicas * Number(surge.slice(0, -1))) / 100) : Number(surge);
}

// The production chart at its autoscalers' minimums, plus the larger of what a rollout adds: one
// surge pod per Deployment that surges (Helm rolls every Deployment at once), or the migration Jobs
// (pre-upgrade hooks, done before any Deployment changes). docs/kubernetes.md shows the sums.
describe('capacity at the autoscalers’ minimums (production chart)', () => {
  const objects = renderedHelmChart();
  const deployments = byKind(objects, 'Deployment');
  const steady = deployments.reduce(
    (sum, d) => add(sum, times(podRequests(d.spec.template.spec), minReplicas(objects, d.metadata.name))),
    none,
  );
  const surge = deployments.reduce(
    (sum, d) => add(sum, times(podRequests(d.spec.template.spec), surgePods(d, minReplicas(objects, d.metadata.name)))),
    none,
  );
  const jobs = byKind(objects, 'Job').reduce((sum, job) => add(sum, podRequests(job.spec.template.spec)), none);

  it('fits the budget with a rollout’s surge pods or the migration Jobs on top', () => {
    const capacity = platformCapacity();
    const peak = add(steady, {
      cpuMillis: Math.max(surge.cpuMillis, jobs.cpuMillis),
      memoryMebibytes: Math.max(surge.memoryMebibytes, jobs.memoryMebibytes),
    });
    expect({ steady, surge, jobs, peak }).toEqual({
      steady: { cpuMillis: 1200, memoryMebibytes: 3584 },
      surge: { cpuMillis: 475, memoryMebibytes: 1408 },
      jobs: { cpuMillis: 400, memoryMebibytes: 1024 },
      peak: { cpuMillis: 1675, memoryMebibytes: 4992 },
    });
    expect(peak.cpuMillis).toBeLessThanOrEqual(capacity.cpuMillis);
    expect(peak.memoryMebibytes).toBeLessThanOrEqual(capacity.memoryMebibytes);
  });

  it('the budget is two t3.large nodes less the cluster add-ons', () => {
    expect(platformCapacity()).toEqual({
      cpuMillis: 2 * 1930 - CAPACITY_BUDGET.systemCpuMillis,
      memoryMebibytes: 2 * 7100 - CAPACITY_BUDGET.systemMemoryMebibytes,
    });
  });

  it('the singleton queue consumer never surges: its rollout needs no room for a second pod', () => {
    const worker = named(objects, 'Deployment', 'media-worker');
    expect(minReplicas(objects, 'media-worker')).toBe(1);
    expect(surgePods(worker, 1)).toBe(0);
  });
});

describe('dev-sync containers (skaffold dev)', () => {
  it('have room for the in-container compiler on top of their usual memory', () => {
    const standard = objectsOf(platformChart('standard'));
    const devSync = objectsOf(platformChart('dev-sync'));
    for (const name of ['identity', 'catalog', 'progress', 'media', 'media-worker']) {
      const usual = mebibytes(
        named(standard, 'Deployment', name).spec.template.spec.containers[0].resources.limits.memory,
      );
      const dev = mebibytes(
        named(devSync, 'Deployment', name).spec.template.spec.containers[0].resources.limits.memory,
      );
      expect({ name, dev }).toEqual({ name, dev: usual + DEV_SYNC_COMPILER_MEBIBYTES });
    }
  });
});
