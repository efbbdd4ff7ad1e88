import {
  BACKEND_SERVICE_NAMES,
  BACKEND_SERVICES,
  type BackendServiceName,
  consumerQueueOf,
  EVENTS_EXCHANGE,
  INGRESS_ROUTES,
  MEDIA_WORKER,
  PLATFORM_SECRET,
  SERVICE_DEV_ENTRY_POINTS,
  SERVICE_ENTRY_POINTS,
  WEB_APP,
  operationalPath,
} from '@platform/contracts';
import { Chart, type ChartProps } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { DefaultDenyNetworkPolicy } from '../constructs/default-deny-network-policy';
import { Microservice, type MicroserviceResources, type MicroserviceScaling } from '../constructs/microservice';
import { PlatformIngress } from '../constructs/platform-ingress';
import { QueueScaler } from '../constructs/queue-scaler';
import { type NetworkRule, WorkloadNetworkPolicy } from '../constructs/workload-network-policy';
import { serviceDatabaseEnv } from '../database-access';
import { PART_OF } from '../labels';
import { type ImageSettings, imageRef } from '../images';

/** Health/metrics port of the media worker (libs/contracts), its only one; WORKER_PORT is set to this value. */
export const MEDIA_WORKER_PORT = MEDIA_WORKER.managementPort;

/** Health path of the web image's nginx, on its management port (WEB_APP.managementPort; services/web/Dockerfile). */
const WEB_HEALTH_PATH = '/healthz';

/** UID of the `nginx` user of the nginx-unprivileged image that serves the web app. */
const WEB_UID = 101;

/** Egress ports of managed dependencies (RDS/Amazon MQ/SES/S3 on EKS; the dev-infra pods on minikube). */
export const EGRESS_PORTS = {
  postgres: [5432],
  /** AMQP, and AMQPS (Amazon MQ). */
  rabbitmq: [5672, 5671],
  /** Submission and SMTPS (SES, a relay), and the dev mail catcher. */
  smtp: [587, 465, 1025],
  /** HTTPS (S3, STS) and MinIO's API. */
  objectStore: [443, 9000],
  /** OTLP/HTTP: the trace collector (dev-infra's on minikube, the ADOT collector on EKS). */
  otlp: [4318],
} as const;

/** The EKS Pod Identity agent, from which the AWS SDK of media gets its credentials (link-local, per node). */
const EKS_POD_IDENTITY_AGENT: readonly NetworkRule[] = [
  { peer: { kind: 'cidr', cidr: '169.254.170.23/32' }, tcpPorts: [80] },
  { peer: { kind: 'cidr', cidr: 'fd00:ec2::23/128' }, tcpPorts: [80] },
];

/** How the workloads run. */
export type WorkloadMode =
  /** As in production: read-only root filesystems, liveness probes, the image's own commands. */
  | 'standard'
  /** `skaffold dev` with file sync: the images' `dev` target recompiles in place, so root filesystems are writable. */
  | 'dev-sync'
  /** `skaffold debug`: no liveness probes, so a process paused at a breakpoint is not restarted. */
  | 'debug';

/**
 * Memory added to a container that runs the image's `dev` command (dev-sync): the in-container
 * compiler scripts/dev/transpile-on-change.mjs peaks at ~100 MiB beside the service.
 */
export const DEV_SYNC_COMPILER_MEBIBYTES = 128;

/** Replica counts and sizes. */
export type ScaleProfile = 'minimal' | 'production';

export interface PlatformChartProps extends ChartProps {
  /** Where the images come from. */
  readonly images: ImageSettings;
  readonly ingress: {
    /** IngressClass (e.g. `nginx`, `alb`). */
    readonly className: string;
    /** @default - any host */
    readonly host?: string;
    /**
     * Annotations of the Ingress: the controller's settings (e.g. the AWS Load Balancer Controller's
     * scheme, target type and certificate).
     * @default - none
     */
    readonly annotations?: Readonly<Record<string, string>>;
    /**
     * Secret holding the TLS certificate of `host`, for a controller that terminates TLS itself
     * (ingress-nginx with cert-manager). An ALB takes its ACM certificate from an annotation instead.
     * @default - no TLS section
     */
    readonly tlsSecretName?: string;
  };
  readonly networkPolicy: {
    /** Namespace of the ingress controller, the only source of outside traffic besides `loadBalancerCidrs`. */
    readonly ingressControllerNamespace: string;
    /** Namespace of Prometheus, allowed to scrape the management ports. */
    readonly monitoringNamespace: string;
    /**
     * Address ranges of a load balancer that sends traffic to the pods directly (an ALB with
     * target-type ip: its subnets, or the VPC): let in on the public ports, and on the management
     * ports for its health checks.
     * @default - none
     */
    readonly loadBalancerCidrs?: readonly string[];
  };
  /** @default 'production' */
  readonly scale?: ScaleProfile;
  /** @default 'standard' */
  readonly mode?: WorkloadMode;
}

interface ServiceSizing {
  readonly resources: MicroserviceResources;
  readonly scaling: MicroserviceScaling;
}

/**
 * Requests are what the scheduler reserves: sized to idle plus steady load (idle RSS is 135 to 150 MiB
 * per service process, bench/README.md), so that at the autoscalers' minimums the platform, one
 * surge pod per Deployment and the migration Jobs fit the budget in cdk8s/src/capacity.ts;
 * docs/kubernetes.md shows the arithmetic. CPU limits let a pod burst (argon2, sharp) far above its
 * request; memory request = limit.
 */
const SIZING: Record<ScaleProfile, Record<BackendServiceName | 'web' | 'worker', ServiceSizing>> = {
  production: {
    // Password hashing (argon2: 64 MiB and a core for ~50 ms per hash) bursts to the CPU limit.
    identity: {
      resources: { cpuRequestMillis: 150, cpuLimitMillis: 2000, memoryMebibytes: 384 },
      scaling: { kind: 'cpu', minReplicas: 2, maxReplicas: 10 },
    },
    catalog: {
      resources: { cpuRequestMillis: 100, memoryMebibytes: 320 },
      scaling: { kind: 'cpu', minReplicas: 2, maxReplicas: 10 },
    },
    progress: {
      resources: { cpuRequestMillis: 100, memoryMebibytes: 320 },
      scaling: { kind: 'cpu', minReplicas: 2, maxReplicas: 10 },
    },
    media: {
      resources: { cpuRequestMillis: 100, memoryMebibytes: 320 },
      scaling: { kind: 'cpu', minReplicas: 2, maxReplicas: 6 },
    },
    // sharp renders one image at a time per replica, bursting to the limit; KEDA adds replicas on backlog.
    worker: {
      resources: { cpuRequestMillis: 250, cpuLimitMillis: 2000, memoryMebibytes: 768 },
      scaling: { kind: 'external', minReplicas: 1, maxReplicas: 10 },
    },
    web: {
      resources: { cpuRequestMillis: 25, cpuLimitMillis: 500, memoryMebibytes: 64 },
      scaling: { kind: 'cpu', minReplicas: 2, maxReplicas: 6 },
    },
  },
  minimal: {
    identity: {
      resources: { cpuRequestMillis: 100, memoryMebibytes: 320 },
      scaling: { kind: 'cpu', minReplicas: 1, maxReplicas: 2 },
    },
    catalog: {
      resources: { cpuRequestMillis: 50, memoryMebibytes: 256 },
      scaling: { kind: 'cpu', minReplicas: 1, maxReplicas: 2 },
    },
    progress: {
      resources: { cpuRequestMillis: 50, memoryMebibytes: 256 },
      scaling: { kind: 'cpu', minReplicas: 1, maxReplicas: 2 },
    },
    media: {
      resources: { cpuRequestMillis: 50, memoryMebibytes: 256 },
      scaling: { kind: 'cpu', minReplicas: 1, maxReplicas: 2 },
    },
    worker: {
      resources: { cpuRequestMillis: 100, memoryMebibytes: 512 },
      scaling: { kind: 'external', minReplicas: 1, maxReplicas: 2 },
    },
    web: {
      resources: { cpuRequestMillis: 20, cpuLimitMillis: 200, memoryMebibytes: 64 },
      scaling: { kind: 'cpu', minReplicas: 1, maxReplicas: 2 },
    },
  },
};

/**
 * The platform, environment-agnostic: the four services, the media worker (scaled on queue depth)
 * and the web app, the Ingress with the contracts' route table, and default-deny NetworkPolicies
 * with the allows the service graph needs. Its pods read ConfigMap `platform-config` and Secret
 * `platform-secrets`, which the dev-infra chart (minikube) or Pulumi (EKS) provides. The migration
 * Jobs live in the MigrationsChart, so that deployers can run them first.
 */
export class PlatformChart extends Chart {
  readonly services = new Map<string, Microservice>();

  constructor(scope: Construct, id: string, props: PlatformChartProps) {
    super(scope, id, { ...props, labels: { 'app.kubernetes.io/part-of': PART_OF, ...props.labels } });
    const scale = props.scale ?? 'production';
    const mode = props.mode ?? 'standard';
    if (scale === 'production' && mode !== 'standard') {
      throw new Error(
        `PlatformChart: mode "${mode}" is for a local cluster; the production scale runs only "standard"`,
      );
    }
    const sizing = SIZING[scale];
    // In dev-sync the image's `dev` command (transpile on change + node --watch) runs instead of the entry point.
    const nodeResources = (resources: MicroserviceResources): MicroserviceResources =>
      mode === 'dev-sync'
        ? { ...resources, memoryMebibytes: (resources.memoryMebibytes ?? 256) + DEV_SYNC_COMPILER_MEBIBYTES }
        : resources;
    const workloadOptions = {
      imagePullPolicy: props.images.pullPolicy,
      readOnlyRootFilesystem: mode !== 'dev-sync',
      livenessProbe: mode !== 'debug',
    };
    const entryCommand = (entry: string): readonly string[] | undefined =>
      mode === 'dev-sync' ? undefined : ['node', entry];

    for (const name of BACKEND_SERVICE_NAMES) {
      const service = BACKEND_SERVICES[name];
      this.services.set(
        name,
        new Microservice(this, name, {
          name,
          image: imageRef(props.images, name),
          command: entryCommand(SERVICE_ENTRY_POINTS.server),
          port: service.port,
          managementPort: service.managementPort,
          health: {
            live: operationalPath(name, 'live'),
            ready: operationalPath(name, 'ready'),
            metrics: operationalPath(name, 'metrics'),
          },
          env: {
            PORT: String(service.port),
            MANAGEMENT_PORT: String(service.managementPort),
            DATABASE_NAME: service.database,
            SERVICE_NAME: name,
            ...serviceDatabaseEnv(name).env,
          },
          secretEnv: serviceDatabaseEnv(name).secretEnv,
          resources: nodeResources(sizing[name].resources),
          scaling: sizing[name].scaling,
          ...workloadOptions,
        }),
      );
    }

    const media = this.services.get('media')!;
    const workerName = MEDIA_WORKER.name;
    const workerPrefix = MEDIA_WORKER.routePrefix;
    const worker = new Microservice(this, workerName, {
      name: workerName,
      component: 'worker',
      image: imageRef(props.images, 'media'),
      command: entryCommand(SERVICE_ENTRY_POINTS.worker),
      // No public port and so no Service: the worker only consumes its queue.
      managementPort: MEDIA_WORKER_PORT,
      health: {
        live: `${workerPrefix}/health/live`,
        ready: `${workerPrefix}/health/ready`,
        metrics: `${workerPrefix}/metrics`,
      },
      env: {
        PORT: String(MEDIA_WORKER_PORT),
        [MEDIA_WORKER.portEnv]: String(MEDIA_WORKER_PORT),
        DATABASE_NAME: BACKEND_SERVICES.media.database,
        SERVICE_NAME: workerName,
        ...serviceDatabaseEnv('media').env,
        ...(mode === 'dev-sync' ? { DEV_ENTRY: SERVICE_DEV_ENTRY_POINTS.worker } : {}),
      },
      // media's database role: the worker writes media's tables.
      secretEnv: serviceDatabaseEnv('media').secretEnv,
      // A queue consumer: a rollout stops the old pod first (the queue holds the work meanwhile)
      // instead of asking the cluster for room for a second 768 MiB pod.
      rollout: 'replace',
      // Same IAM role as media (S3): EKS Pod Identity maps ServiceAccount `media` to it.
      serviceAccount: media.serviceAccount,
      resources: nodeResources(sizing.worker.resources),
      scaling: sizing.worker.scaling,
      tmpSizeMebibytes: 256,
      ...workloadOptions,
    });
    new QueueScaler(this, 'media-worker-scaler', {
      target: worker.deployment,
      queueName: consumerQueueOf(workerName, EVENTS_EXCHANGE),
      brokerUrl: { secretName: PLATFORM_SECRET, key: 'AMQP_URL' },
      minReplicas: sizing.worker.scaling.minReplicas,
      maxReplicas: sizing.worker.scaling.maxReplicas,
    });

    const web = new Microservice(this, WEB_APP.name, {
      name: WEB_APP.name,
      component: 'web',
      image: imageRef(props.images, WEB_APP.name),
      port: WEB_APP.port,
      managementPort: WEB_APP.managementPort,
      health: { live: WEB_HEALTH_PATH, ready: WEB_HEALTH_PATH },
      platformSettings: false,
      // Its nginx names the media origins in the app's Content-Security-Policy (services/web/Dockerfile).
      platformConfigKeys: ['S3_PUBLIC_ENDPOINT', 'S3_BUCKET', 'S3_REGION'],
      user: WEB_UID,
      resources: sizing.web.resources,
      scaling: sizing.web.scaling,
      // nginx finishes in-flight requests on SIGQUIT (the image's STOPSIGNAL) within seconds.
      shutdown: { preStopDelaySeconds: 5, terminationGracePeriodSeconds: 30 },
      ...workloadOptions,
      readOnlyRootFilesystem: true,
      livenessProbe: true,
    });

    const exposed = new Map<string, kplus.Service>();
    for (const [name, microservice] of [...this.services, [WEB_APP.name, web] as const]) {
      exposed.set(name, microservice.service!);
    }
    new PlatformIngress(this, 'ingress', {
      name: PART_OF,
      routes: INGRESS_ROUTES,
      services: exposed,
      className: props.ingress.className,
      host: props.ingress.host,
      annotations: props.ingress.annotations,
      tlsSecretName: props.ingress.tlsSecretName,
    });

    this.addNetworkPolicies(props.networkPolicy, worker, web);
  }

  /**
   * The service graph as NetworkPolicies: the ingress controller reaches web and the services on
   * their public ports; Prometheus reaches the management ports; services reach PostgreSQL,
   * RabbitMQ and identity's JWKS; identity reaches SMTP; media and its worker reach the object store;
   * a load balancer that targets pods (loadBalancerCidrs) reaches the public ports and, for its health
   * checks, the management ports. Everything else is denied.
   */
  private addNetworkPolicies(
    namespaces: PlatformChartProps['networkPolicy'],
    worker: Microservice,
    web: Microservice,
  ): void {
    new DefaultDenyNetworkPolicy(this, 'default-deny');
    const fromIngressController = { kind: 'namespace', name: namespaces.ingressControllerNamespace } as const;
    const fromMonitoring = { kind: 'namespace', name: namespaces.monitoringNamespace } as const;
    const anywhere = { kind: 'anywhere' } as const;
    const identity = this.services.get('identity')!;
    const backendEgress: NetworkRule[] = [
      { peer: anywhere, tcpPorts: EGRESS_PORTS.postgres },
      { peer: anywhere, tcpPorts: EGRESS_PORTS.rabbitmq },
      { peer: anywhere, tcpPorts: EGRESS_PORTS.otlp },
    ];
    const jwks: NetworkRule = { peer: { kind: 'pods', labels: identity.selectorLabels }, tcpPorts: [identity.port!] };

    const identityCallers = [...this.services.values(), worker].filter((service) => service !== identity);
    for (const service of this.services.values()) {
      const egress = [...backendEgress];
      if (service === identity) egress.push({ peer: anywhere, tcpPorts: EGRESS_PORTS.smtp });
      else egress.push(jwks);
      if (service.name === 'media') {
        egress.push({ peer: anywhere, tcpPorts: EGRESS_PORTS.objectStore }, ...EKS_POD_IDENTITY_AGENT);
      }
      const ingress: NetworkRule[] = [
        { peer: fromIngressController, tcpPorts: [service.port!] },
        { peer: fromMonitoring, tcpPorts: [service.managementPort] },
      ];
      if (service === identity) {
        for (const caller of identityCallers)
          ingress.push({ peer: { kind: 'pods', labels: caller.selectorLabels }, tcpPorts: [service.port!] });
      }
      new WorkloadNetworkPolicy(this, `${service.name}-network`, {
        name: service.name,
        podLabels: service.selectorLabels,
        ingress,
        egress,
      });
    }

    new WorkloadNetworkPolicy(this, `${worker.name}-network`, {
      name: worker.name,
      podLabels: worker.selectorLabels,
      ingress: [{ peer: fromMonitoring, tcpPorts: [worker.managementPort] }],
      egress: [
        ...backendEgress,
        jwks,
        { peer: anywhere, tcpPorts: EGRESS_PORTS.objectStore },
        ...EKS_POD_IDENTITY_AGENT,
      ],
    });

    new WorkloadNetworkPolicy(this, `${web.name}-network`, {
      name: web.name,
      podLabels: web.selectorLabels,
      ingress: [{ peer: fromIngressController, tcpPorts: [web.port!] }],
    });

    // A policy of its own per workload, so that the Helm chart can leave them out when the list is empty.
    const loadBalancerCidrs = namespaces.loadBalancerCidrs ?? [];
    if (loadBalancerCidrs.length > 0) {
      for (const target of [...this.services.values(), web]) {
        new WorkloadNetworkPolicy(this, `${target.name}-load-balancer-network`, {
          name: `${target.name}-load-balancer`,
          podLabels: target.selectorLabels,
          ingress: loadBalancerCidrs.map((cidr) => ({
            peer: { kind: 'cidr', cidr },
            tcpPorts: [target.port!, target.managementPort],
          })),
        });
      }
    }

    // The migration Jobs (MigrationsChart) reach PostgreSQL only.
    new WorkloadNetworkPolicy(this, 'migrations-network', {
      name: 'migrations',
      podLabels: { 'app.kubernetes.io/component': 'migration', 'app.kubernetes.io/part-of': PART_OF },
      egress: [{ peer: anywhere, tcpPorts: EGRESS_PORTS.postgres }],
    });
  }
}
