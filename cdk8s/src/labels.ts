/** The value of `app.kubernetes.io/part-of` on every object of the platform. */
export const PART_OF = 'learning-platform';

/** `app.kubernetes.io/part-of` of the minikube backing services, so that selectors of platform pods never match them. */
export const DEV_INFRA_PART_OF = 'learning-platform-dev-infra';

/** What a pod does; the `app.kubernetes.io/component` label. */
export type Component = 'server' | 'worker' | 'migration' | 'web' | 'dev-infra';

/**
 * The recommended labels (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels)
 * of one workload. NetworkPolicies select pods by name + component, so a migration Job's pods never
 * receive the traffic meant for the server of the same service.
 */
export function workloadLabels(name: string, component: Component, partOf: string = PART_OF): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': partOf,
  };
}

/** Labels that select the pods of a workload (a subset of `workloadLabels`). */
export function podSelectorLabels(name: string, component: Component): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': component };
}

/** Throws unless `value` is a valid DNS-1123 label (names of Deployments, Services, Jobs...). */
export function assertDnsLabel(value: string, what: string): void {
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(value)) {
    throw new Error(`${what} "${value}" is not a DNS-1123 label (lower-case letters, digits and '-', at most 63)`);
  }
}
