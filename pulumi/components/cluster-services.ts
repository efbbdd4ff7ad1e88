import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

export interface ClusterServicesArgs {
  readonly provider: k8s.Provider;
  readonly ingressNginxChartVersion: string;
  readonly kedaChartVersion: string;
  readonly ingressControllerNamespace: string;
  /** ACM certificate: TLS ends on the load balancer (443), plain HTTP inside the VPC. */
  readonly certificateArn?: string;
}

/**
 * What the chart expects in the cluster besides metrics-server (an EKS add-on): ingress-nginx
 * (IngressClass `nginx`) behind an internet-facing Network Load Balancer, and KEDA for the media
 * worker's queue-depth scaler. Chart versions are pinned in the stack config.
 */
export class ClusterServices extends pulumi.ComponentResource {
  public readonly ingressController: k8s.helm.v3.Release;
  public readonly keda: k8s.helm.v3.Release;
  /** DNS name of the load balancer: point the platform's host at it (CNAME or alias). */
  public readonly loadBalancerHostname: pulumi.Output<string>;

  constructor(name: string, args: ClusterServicesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('platform:k8s:ClusterServices', name, {}, opts);
    const inCluster = { parent: this, provider: args.provider };
    const tls = args.certificateArn !== undefined;

    this.ingressController = new k8s.helm.v3.Release(
      `${name}-ingress-nginx`,
      {
        name: 'ingress-nginx',
        chart: 'ingress-nginx',
        version: args.ingressNginxChartVersion,
        repositoryOpts: { repo: 'https://kubernetes.github.io/ingress-nginx' },
        namespace: args.ingressControllerNamespace,
        createNamespace: true,
        atomic: true,
        values: {
          controller: {
            replicaCount: 2,
            ingressClassResource: { name: 'nginx', default: false },
            // TLS ends on the NLB, which forwards 443 to the controller's plain HTTP port and 80 to a
            // port that only redirects to HTTPS (ingress-nginx's documented NLB TLS-termination setup).
            containerPort: tls ? { http: 80, https: 443, tohttps: 2443 } : undefined,
            // The NLB passes client addresses through (externalTrafficPolicy Local), so nginx sees
            // them itself; X-Forwarded-* headers from clients are not trusted.
            config: tls ? { 'http-snippet': 'server { listen 2443; return 308 https://$host$request_uri; }' } : {},
            service: {
              externalTrafficPolicy: 'Local',
              annotations: {
                'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
                'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
                ...(tls
                  ? {
                      'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': args.certificateArn,
                      'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': 'https',
                      'service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy':
                        'ELBSecurityPolicy-TLS13-1-2-2021-06',
                    }
                  : {}),
              },
              targetPorts: tls ? { http: 'tohttps', https: 'http' } : undefined,
            },
            metrics: { enabled: true },
          },
        },
      },
      inCluster,
    );

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
      inCluster,
    );

    const controllerService = k8s.core.v1.Service.get(
      `${name}-ingress-nginx-controller`,
      pulumi.interpolate`${this.ingressController.status.namespace}/${this.ingressController.status.name}-controller`,
      { ...inCluster, dependsOn: [this.ingressController] },
    );
    this.loadBalancerHostname = controllerService.status.apply(
      (status) => status?.loadBalancer?.ingress?.[0]?.hostname ?? '',
    );

    this.registerOutputs({ loadBalancerHostname: this.loadBalancerHostname });
  }
}
