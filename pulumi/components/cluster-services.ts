import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

export interface ClusterServicesArgs {
  readonly provider: k8s.Provider;
  readonly kedaChartVersion: string;
}

/**
 * What the chart expects in the cluster besides the EKS add-ons and the load balancer controller:
 * KEDA, for the media worker's queue-depth scaler. The chart version is pinned in the stack config.
 */
export class ClusterServices extends pulumi.ComponentResource {
  public readonly keda: k8s.helm.v3.Release;

  constructor(name: string, args: ClusterServicesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('platform:k8s:ClusterServices', name, {}, opts);
    this.keda = new k8s.helm.v3.Release(
      `${name}-keda`,
      {
        name: 'keda',
        chart: 'keda',
        version: args.kedaChartVersion,
        repositoryOpts: { repo: 'https://kedacore.github.io/charts' },
        namespace: 'keda',
        createNamespace: true,
        atomic: true,
      },
      { parent: this, provider: args.provider },
    );
    this.registerOutputs({});
  }
}
