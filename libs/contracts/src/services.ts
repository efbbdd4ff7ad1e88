/**
 * The one source of truth for service names, local ports and public route prefixes.
 * Services, the dev ingress, cdk8s and Pulumi all read this table.
 */
export type BackendServiceName = 'identity' | 'catalog' | 'progress' | 'media';
export type ServiceName = BackendServiceName | 'web';

export interface ServiceDescriptor {
  readonly name: ServiceName;
  /** Local port (npm start) and container port (Kubernetes) of the public API: what the ingress routes. */
  readonly port: number;
  /**
   * Port of the operational endpoints (health, metrics, OpenAPI), which no Ingress routes: the kubelet
   * probes it and Prometheus scrapes it. `port + MANAGEMENT_PORT_OFFSET`.
   */
  readonly managementPort: number;
  /** Public path prefix behind the ingress. */
  readonly routePrefix: string;
  /** Env variable that overrides the local port. */
  readonly portEnv: string;
}

export interface BackendServiceDescriptor extends ServiceDescriptor {
  readonly name: BackendServiceName;
  /** The PostgreSQL database the service owns; no other service reads it. */
  readonly database: string;
  /** Entry points of the service's image besides the HTTP server (e.g. media's worker). */
  readonly workers: readonly string[];
}

/**
 * The management port of a process is its public port plus this offset, unless MANAGEMENT_PORT says
 * otherwise: a run that moves the public ports aside (tests, a second `npm start`) moves these too.
 */
export const MANAGEMENT_PORT_OFFSET = 200;

/** The management port that goes with a public port (0, any free port, stays 0). */
export function managementPortOf(port: number): number {
  return port === 0 ? 0 : port + MANAGEMENT_PORT_OFFSET;
}

export const BACKEND_SERVICES: Readonly<Record<BackendServiceName, BackendServiceDescriptor>> = {
  identity: {
    name: 'identity',
    port: 3001,
    managementPort: managementPortOf(3001),
    portEnv: 'IDENTITY_PORT',
    routePrefix: '/api/identity',
    database: 'identity',
    workers: [],
  },
  catalog: {
    name: 'catalog',
    port: 3002,
    managementPort: managementPortOf(3002),
    portEnv: 'CATALOG_PORT',
    routePrefix: '/api/catalog',
    database: 'catalog',
    workers: [],
  },
  progress: {
    name: 'progress',
    port: 3003,
    managementPort: managementPortOf(3003),
    portEnv: 'PROGRESS_PORT',
    routePrefix: '/api/progress',
    database: 'progress',
    workers: [],
  },
  media: {
    name: 'media',
    port: 3004,
    managementPort: managementPortOf(3004),
    portEnv: 'MEDIA_PORT',
    routePrefix: '/api/media',
    database: 'media',
    workers: ['worker'],
  },
};

/**
 * media's worker: the media image with the `worker` entry point. It has no public API: its one port
 * is its management port (health and metrics), which the ingress never routes.
 */
export const MEDIA_WORKER = {
  name: 'media-worker',
  port: 3104,
  managementPort: 3104,
  portEnv: 'WORKER_PORT',
  routePrefix: `${BACKEND_SERVICES.media.routePrefix}-worker`,
} as const;

/** The web app: static files behind nginx (in clusters), whose health answers on the management port. */
export const WEB_APP: ServiceDescriptor = {
  name: 'web',
  port: 3000,
  managementPort: managementPortOf(3000),
  portEnv: 'WEB_PORT',
  routePrefix: '/',
};

export const BACKEND_SERVICE_NAMES = Object.keys(BACKEND_SERVICES) as BackendServiceName[];

/** Port of the local dev ingress (`npm start`). */
export const DEV_INGRESS_PORT = 8080;

export interface IngressRoute {
  readonly pathPrefix: string;
  readonly service: ServiceName;
  readonly port: number;
}

/**
 * The ingress routing table: most specific prefix first, the web app catches the rest.
 */
export const INGRESS_ROUTES: readonly IngressRoute[] = [
  ...BACKEND_SERVICE_NAMES.map((name) => ({
    pathPrefix: BACKEND_SERVICES[name].routePrefix,
    service: name,
    port: BACKEND_SERVICES[name].port,
  })),
  { pathPrefix: WEB_APP.routePrefix, service: WEB_APP.name, port: WEB_APP.port },
];

/**
 * Paths every backend process serves under its prefix on its management port only (DESIGN.md
 * "Operational endpoints"): the public port answers them 404, and no Ingress routes the management port.
 */
export const OPERATIONAL_PATHS = {
  live: 'health/live',
  ready: 'health/ready',
  metrics: 'metrics',
  /** The OpenAPI UI; its JSON (`docs-json`) and assets (`docs/…`) share the prefix. */
  docs: 'docs',
} as const;

export function operationalPath(service: BackendServiceName, kind: keyof typeof OPERATIONAL_PATHS): string {
  return `${BACKEND_SERVICES[service].routePrefix}/${OPERATIONAL_PATHS[kind]}`;
}

/** Whether `path` (without query) is an operational endpoint under `routePrefix`: health, metrics or OpenAPI. */
export function isOperationalPath(routePrefix: string, path: string): boolean {
  if (!path.startsWith(`${routePrefix}/`)) return false;
  const [first = ''] = path.slice(routePrefix.length + 1).split('/');
  return first === 'health' || first === OPERATIONAL_PATHS.metrics || /^docs(-json|-yaml)?$/.test(first);
}
