import type { App } from 'cdk8s';

/**
 * What app.synth() checks before writing (e.g. an autoscaled Deployment without fixed replicas),
 * for the outputs written without it (the committed manifests and the Helm chart, compared by tests).
 */
export function assertValid(app: App, what: string): void {
  const errors = app.node
    .findAll()
    .flatMap((construct) => construct.node.validate().map((error) => `[${construct.node.path}] ${error}`));
  if (errors.length > 0) throw new Error(`${what}: validation failed:\n  ${errors.join('\n  ')}`);
}
