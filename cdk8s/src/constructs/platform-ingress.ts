import type { IngressRoute } from '@platform/contracts';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';

export interface PlatformIngressProps {
  /** Name of the Ingress. */
  readonly name: string;
  /** The route table (libs/contracts INGRESS_ROUTES): path prefix → service and port. */
  readonly routes: readonly IngressRoute[];
  /** The Services the routes name, by service name. */
  readonly services: ReadonlyMap<string, kplus.Service>;
  /** IngressClass that serves it (e.g. `nginx`). */
  readonly className: string;
  /**
   * Host the rules match.
   * @default - any host
   */
  readonly host?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** The controller's settings (e.g. the AWS Load Balancer Controller's scheme, target type, certificate). */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Secret with the certificate of `host`, for a controller that terminates TLS itself.
   * @default - no TLS section
   */
  readonly tlsSecretName?: string;
}

/**
 * One Ingress with a Prefix rule per route of the contracts' table, most specific first (the AWS Load
 * Balancer Controller orders Prefix paths longest first too). Backends are the Services' public
 * ports; management ports are in no Service, so no route can reach them.
 */
export class PlatformIngress extends Construct {
  readonly ingress: kplus.Ingress;

  constructor(scope: Construct, id: string, props: PlatformIngressProps) {
    super(scope, id);
    if (props.routes.length === 0) throw new Error('PlatformIngress: the route table is empty');
    if (props.tlsSecretName && !props.host) throw new Error('PlatformIngress: TLS needs a host');
    const seen = new Set<string>();
    for (const route of props.routes) {
      if (!route.pathPrefix.startsWith('/'))
        throw new Error(`PlatformIngress: path ${route.pathPrefix} must start with '/'`);
      if (seen.has(route.pathPrefix)) throw new Error(`PlatformIngress: path ${route.pathPrefix} is routed twice`);
      seen.add(route.pathPrefix);
      const service = props.services.get(route.service);
      if (!service)
        throw new Error(`PlatformIngress: route ${route.pathPrefix} names ${route.service}, which has no Service`);
      if (!service.ports.some((port) => port.port === route.port)) {
        throw new Error(`PlatformIngress: Service ${route.service} does not expose port ${route.port}`);
      }
    }

    this.ingress = new kplus.Ingress(this, 'ingress', {
      metadata: { name: props.name, labels: { ...props.labels }, annotations: { ...props.annotations } },
      className: props.className,
    });
    const specificFirst = [...props.routes].sort((a, b) => b.pathPrefix.length - a.pathPrefix.length);
    for (const route of specificFirst) {
      const backend = kplus.IngressBackend.fromService(props.services.get(route.service)!, { port: route.port });
      if (props.host) {
        this.ingress.addHostRule(props.host, route.pathPrefix, backend, kplus.HttpIngressPathType.PREFIX);
      } else {
        this.ingress.addRule(route.pathPrefix, backend, kplus.HttpIngressPathType.PREFIX);
      }
    }
    if (props.tlsSecretName && props.host) {
      this.ingress.addTls([
        { hosts: [props.host], secret: kplus.Secret.fromSecretName(this, 'tls', props.tlsSecretName) },
      ]);
    }
  }
}
