import { BACKEND_SERVICE_NAMES, MEDIA_WORKER, type MetricsExporter, operationalPath } from '@platform/contracts';
import type { Component } from '../labels';

/** Where Prometheus scrapes one workload's pods. */
export interface ScrapeTarget {
  /** The pods' `app.kubernetes.io/name`, and the `job` label of their series. */
  readonly name: MetricsExporter;
  readonly component: Component;
  /** Name of the container port serving the metrics: the management port no Ingress routes. */
  readonly port: string;
  readonly path: string;
}

/** Every process that serves /metrics: the four services and media's worker. */
export function scrapeTargets(): ScrapeTarget[] {
  return [
    ...BACKEND_SERVICE_NAMES.map((name) => ({
      name,
      component: 'server' as const,
      port: 'management',
      path: operationalPath(name, 'metrics'),
    })),
    { name: MEDIA_WORKER.name, component: 'worker', port: 'management', path: `${MEDIA_WORKER.routePrefix}/metrics` },
  ];
}
