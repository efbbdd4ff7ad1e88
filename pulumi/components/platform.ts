import { PLATFORM_CONFIG_MAP, PLATFORM_SECRET } from '@platform/contracts';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export const CHART_NAME = 'learning-platform';

/**
 * The chart cdk8s generates (`npm run synth`, committed in charts/), found from this file's folder
 * whether the program runs from its sources (tests) or from dist/ (`pulumi up`).
 */
export function chartPath(from: string = __dirname): string {
  for (let folder = from, depth = 0; depth < 6; folder = path.dirname(folder), depth++) {
    const candidate = path.join(folder, 'charts', CHART_NAME);
    if (existsSync(path.join(candidate, 'Chart.yaml'))) return candidate;
  }
  throw new Error(`Helm chart charts/${CHART_NAME} not found above ${from}`);
}

export interface PlatformArgs {
  readonly provider: k8s.Provider;
  readonly namespace: string;
  /** ConfigMap `platform-config`: non-secret settings only. */
  readonly config: Readonly<Record<string, pulumi.Input<string>>>;
  /** Secret `platform-secrets`. */
  readonly secrets: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * Further Secrets the chart's pods read, by name → data: the database admin's URL (`database-admin`,
   * read by the migration Jobs' setup step only) and each service's own (`<service>-database`).
   */
  readonly databaseSecrets: Readonly<Record<string, Readonly<Record<string, pulumi.Input<string>>>>>;
  /** The chart's values (`charts/learning-platform/values.schema.json`). */
  readonly values: {
    readonly image: { readonly registry: pulumi.Input<string>; readonly tag: string };
    readonly ingress: {
      readonly host: string;
      readonly className: string;
      readonly annotations: Readonly<Record<string, string>>;
    };
    readonly networkPolicy: {
      readonly ingressControllerNamespace: string;
      readonly monitoringNamespace: string;
      /** Where the load balancer's traffic comes from when it targets pod addresses (ALB target type ip). */
      readonly loadBalancerCidrs: readonly string[];
    };
    /** PodMonitors, PrometheusRule and dashboards (docs/pulumi.md: "Rolling out: what to watch"). */
    readonly monitoring: { readonly enabled: boolean; readonly prometheusRelease: string };
  };
  /** @default the committed charts/learning-platform */
  readonly chartPath?: string;
  /** What must exist before the chart (ingress controller, KEDA, the pod identity association). */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/**
 * The platform in its namespace (Pod Security `restricted`, which the chart's pods meet): the
 * ConfigMap and Secret every pod reads, then the Helm release of charts/learning-platform. The
 * chart's migration Jobs are pre-install/pre-upgrade hooks, so Helm runs them with the new image
 * and waits for them before any Deployment changes; `atomic` rolls a failed upgrade back.
 */
export class Platform extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly releaseStatus: pulumi.Output<string>;
  /** DNS name of the load balancer the controller made for the chart's Ingress: point the host at it. */
  public readonly loadBalancerHostname: pulumi.Output<string>;

  constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super('platform:k8s:Platform', name, {}, opts);
    const inCluster = { parent: this, provider: args.provider };

    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: args.namespace,
          labels: {
            'app.kubernetes.io/part-of': 'learning-platform',
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/warn': 'restricted',
          },
        },
      },
      inCluster,
    );
    const metadata = (objectName: string) => ({
      name: objectName,
      namespace: namespace.metadata.name,
      labels: { 'app.kubernetes.io/part-of': 'learning-platform', 'app.kubernetes.io/managed-by': 'pulumi' },
    });
    const configMap = new k8s.core.v1.ConfigMap(
      `${name}-config`,
      { metadata: metadata(PLATFORM_CONFIG_MAP), data: { ...args.config } },
      inCluster,
    );
    const secret = new k8s.core.v1.Secret(
      `${name}-secrets`,
      // The values are Pulumi secrets: encrypted in the state, masked in previews; in the cluster,
      // envelope-encrypted with the cluster's KMS key.
      { metadata: metadata(PLATFORM_SECRET), type: 'Opaque', stringData: { ...args.secrets } },
      inCluster,
    );

    const databaseSecrets = Object.entries(args.databaseSecrets).map(
      ([secretName, data]) =>
        new k8s.core.v1.Secret(
          `${name}-${secretName}`,
          { metadata: metadata(secretName), type: 'Opaque', stringData: pulumi.secret({ ...data }) },
          inCluster,
        ),
    );

    const release = new k8s.helm.v3.Release(
      `${name}-release`,
      {
        name: CHART_NAME,
        chart: args.chartPath ?? chartPath(),
        namespace: namespace.metadata.name,
        values: args.values,
        atomic: true,
        waitForJobs: true,
        timeout: 900,
        cleanupOnFail: true,
      },
      { ...inCluster, dependsOn: [configMap, secret, ...databaseSecrets, ...(args.dependsOn ?? [])] },
    );

    const ingress = k8s.networking.v1.Ingress.get(
      `${name}-ingress`,
      pulumi.interpolate`${release.status.namespace}/${CHART_NAME}`,
      { ...inCluster, dependsOn: [release] },
    );

    this.namespace = namespace.metadata.name;
    this.releaseStatus = release.status.status;
    this.loadBalancerHostname = ingress.status.apply((status) => status?.loadBalancer?.ingress?.[0]?.hostname ?? '');
    this.registerOutputs({
      namespace: this.namespace,
      releaseStatus: this.releaseStatus,
      loadBalancerHostname: this.loadBalancerHostname,
    });
  }
}
