import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PLATFORM_CONFIG_MAP } from '@platform/contracts';
import { type Component, assertDnsLabel, podSelectorLabels, workloadLabels } from '../labels';
import {
  type SecretKeyRef,
  containerEnv,
  hardenPodSpec,
  limitEphemeralStorage,
  platformSettingsEnv,
  restrictedContainerSecurity,
  restrictedPodSecurity,
  tmpVolume,
} from '../pod-hardening';

/** HTTP paths the kubelet probes and Prometheus scrapes, on the management port. */
export interface HealthPaths {
  /** Liveness: the process is not wedged (also the startup probe). */
  readonly live: string;
  /** Readiness: dependencies reachable; false while draining on SIGTERM. */
  readonly ready: string;
  /**
   * Prometheus metrics, announced with `prometheus.io/*` pod annotations.
   * @default - no scrape annotations
   */
  readonly metrics?: string;
}

/** CPU and memory of the one container; memory request = limit so a pod is never OOM-killed for a neighbour's burst. */
export interface MicroserviceResources {
  /** @default 100 */
  readonly cpuRequestMillis?: number;
  /** @default 1000 */
  readonly cpuLimitMillis?: number;
  /** @default 256 */
  readonly memoryMebibytes?: number;
}

/** How the number of replicas is decided. */
export type MicroserviceScaling =
  /** A HorizontalPodAutoscaler on CPU utilisation (of the requests). */
  | {
      readonly kind: 'cpu';
      readonly minReplicas: number;
      readonly maxReplicas: number;
      /** @default 70 */
      readonly targetCpuUtilization?: number;
    }
  /** Another autoscaler owns `replicas` (e.g. a KEDA ScaledObject on queue depth); only its bounds are given. */
  | { readonly kind: 'external'; readonly minReplicas: number; readonly maxReplicas: number };

/** Graceful shutdown: the pod leaves the load balancers before the process gets SIGTERM. */
export interface GracefulShutdown {
  /**
   * `preStop` sleep, so endpoint removal reaches every ingress controller and kube-proxy before SIGTERM.
   * @default 10
   */
  readonly preStopDelaySeconds?: number;
  /**
   * Whole budget from the delete to SIGKILL: preStop delay + the service's own drain and close
   * (consumers' in-flight handlers ≤ 25 s, the relay's last pass ≤ 10 s) + a margin; docs/kubernetes.md.
   * @default 50
   */
  readonly terminationGracePeriodSeconds?: number;
}

export interface MicroserviceProps {
  /** Name of the Deployment, its Service and ServiceAccount, and `app.kubernetes.io/name` (DNS-1123 label). */
  readonly name: string;
  /** Image reference. */
  readonly image: string;
  /**
   * Command, if not the image's own.
   * @default - the image's ENTRYPOINT/CMD
   */
  readonly command?: readonly string[];
  /**
   * The public HTTP port: what the Service exposes and an Ingress may route.
   * @default - none: the workload serves no traffic (a queue consumer), only its management port
   */
  readonly port?: number;
  /**
   * The management port: probes, metrics and OpenAPI. Never exposed by the Service, so no Ingress
   * can route it (DESIGN.md "Operational endpoints"); the kubelet and Prometheus reach the pod directly.
   */
  readonly managementPort: number;
  /** Probe and metrics paths, on the management port. */
  readonly health: HealthPaths;
  /**
   * Per-workload environment variables (PORT, SERVICE_NAME, DATABASE_NAME...), on top of the platform settings.
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Per-workload environment variables read from Secrets (the service's own DATABASE_URL); they
   * take precedence over the platform settings of envFrom.
   * @default - none
   */
  readonly secretEnv?: Readonly<Record<string, SecretKeyRef>>;
  /**
   * Whether the container reads ConfigMap `platform-config` and Secret `platform-secrets` (envFrom).
   * @default true
   */
  readonly platformSettings?: boolean;
  /**
   * Single keys of ConfigMap `platform-config` read into the environment (each optional), for a
   * workload that needs a few settings but not the platform settings (web: where media is served from).
   * @default - none
   */
  readonly platformConfigKeys?: readonly string[];
  /**
   * `app.kubernetes.io/component`.
   * @default 'server'
   */
  readonly component?: Component;
  /**
   * UID and GID the container runs as; must match a non-root user of the image.
   * @default 1000 (`node` in the official Node.js images)
   */
  readonly user?: number;
  /** @default - see MicroserviceResources */
  readonly resources?: MicroserviceResources;
  /** @default { kind: 'cpu', minReplicas: 2, maxReplicas: 10 } */
  readonly scaling?: MicroserviceScaling;
  /**
   * Pods a voluntary disruption (node drain, cluster upgrade) may take down at once.
   * @default 1
   */
  readonly maxUnavailable?: number;
  /**
   * How a rollout replaces pods. `surge`: a new pod starts (and gets ready) before an old one stops,
   * so no capacity is lost, but the cluster needs room for one more pod of each Deployment.
   * `replace`: an old pod stops first, so no extra pod is ever scheduled; for queue consumers, whose
   * work waits in the queue meanwhile (a singleton that surges needs a second slot for nothing).
   * @default 'surge'
   */
  readonly rollout?: 'surge' | 'replace';
  /** @default - see GracefulShutdown */
  readonly shutdown?: GracefulShutdown;
  /**
   * Service account the pods run as (e.g. one that EKS Pod Identity maps to an IAM role).
   * @default - a new ServiceAccount named after the workload, without an API token
   */
  readonly serviceAccount?: kplus.IServiceAccount;
  /**
   * Size limit of the /tmp emptyDir.
   * @default 64
   */
  readonly tmpSizeMebibytes?: number;
  /** @default IfNotPresent */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;
  /**
   * A read-only root filesystem. Only a local dev loop that syncs files into the container may turn it off.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * A liveness probe. Only a debugging session turns it off, so that a process paused at a
   * breakpoint is not restarted; startup and readiness probes stay.
   * @default true
   */
  readonly livenessProbe?: boolean;
  /**
   * Soft spreading of the replicas over zones and nodes (topologySpreadConstraints).
   * @default true
   */
  readonly spread?: boolean;
}

const DEFAULT_SCALING: MicroserviceScaling = { kind: 'cpu', minReplicas: 2, maxReplicas: 10 };

/**
 * One stateless HTTP workload as production wants it: a Deployment with startup, liveness and
 * readiness probes on the health endpoints of its management port, requests and limits, a restricted security context
 * (non-root, read-only root filesystem with a /tmp volume, no capabilities, RuntimeDefault seccomp),
 * the platform settings through envFrom, a preStop delay and a termination grace period for
 * graceful shutdown, topology spread, a Service of its public port (if it has one), an autoscaler
 * and a PodDisruptionBudget.
 */
export class Microservice extends Construct {
  readonly name: string;
  /** The public port, if the workload serves traffic. */
  readonly port?: number;
  readonly managementPort: number;
  readonly deployment: kplus.Deployment;
  readonly service?: kplus.Service;
  readonly serviceAccount: kplus.IServiceAccount;
  readonly autoscaler?: kplus.HorizontalPodAutoscaler;
  /** Labels that select this workload's pods (for NetworkPolicies). */
  readonly selectorLabels: Record<string, string>;

  constructor(scope: Construct, id: string, props: MicroserviceProps) {
    super(scope, id);
    assertDnsLabel(props.name, 'Microservice name');
    const component = props.component ?? 'server';
    const scaling = props.scaling ?? DEFAULT_SCALING;
    const shutdown = {
      preStopDelaySeconds: props.shutdown?.preStopDelaySeconds ?? 10,
      terminationGracePeriodSeconds: props.shutdown?.terminationGracePeriodSeconds ?? 50,
    };
    const resources = {
      cpuRequestMillis: props.resources?.cpuRequestMillis ?? 100,
      cpuLimitMillis: props.resources?.cpuLimitMillis ?? 1000,
      memoryMebibytes: props.resources?.memoryMebibytes ?? 256,
    };
    const maxUnavailable = props.maxUnavailable ?? 1;
    const user = props.user ?? 1000;
    validate(props, scaling, shutdown, resources, maxUnavailable, user);

    this.name = props.name;
    this.port = props.port;
    this.managementPort = props.managementPort;
    const labels = workloadLabels(props.name, component);
    this.selectorLabels = podSelectorLabels(props.name, component);

    this.serviceAccount =
      props.serviceAccount ??
      new kplus.ServiceAccount(this, 'service-account', {
        metadata: { name: props.name, labels },
        automountToken: false,
      });

    const probe = (path: string, options: kplus.HttpGetProbeOptions): kplus.Probe =>
      kplus.Probe.fromHttpGet(path, { port: props.managementPort, timeoutSeconds: Duration.seconds(2), ...options });
    const rollout = props.rollout ?? 'surge';

    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata: { name: props.name, labels },
      podMetadata: {
        labels,
        annotations: props.health.metrics
          ? {
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': String(props.managementPort),
              'prometheus.io/path': props.health.metrics,
            }
          : undefined,
      },
      // Selected by name + component rather than by cdk8s's construct-address label, so that the
      // (immutable) selector is the same in every variant of the chart and never matches a migration Job.
      select: false,
      // No `replicas`: the autoscaler owns it, so a re-apply (kubectl, helm upgrade) never resets the scale.
      strategy: kplus.DeploymentStrategy.rollingUpdate(
        rollout === 'surge'
          ? { maxSurge: kplus.PercentOrAbsolute.percent(25), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }
          : { maxSurge: kplus.PercentOrAbsolute.absolute(0), maxUnavailable: kplus.PercentOrAbsolute.absolute(1) },
      ),
      progressDeadline: Duration.minutes(10),
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: false,
      securityContext: restrictedPodSecurity(user),
      terminationGracePeriod: Duration.seconds(shutdown.terminationGracePeriodSeconds),
      containers: [
        {
          name: props.name,
          image: props.image,
          imagePullPolicy: props.imagePullPolicy ?? kplus.ImagePullPolicy.IF_NOT_PRESENT,
          command: props.command ? [...props.command] : undefined,
          ports: [
            ...(props.port === undefined ? [] : [{ number: props.port, name: 'http' }]),
            { number: props.managementPort, name: 'management' },
          ],
          envVariables: {
            ...containerEnv(this, props.env, props.secretEnv),
            ...Object.fromEntries(
              (props.platformConfigKeys ?? []).map((key) => [
                key,
                kplus.EnvValue.fromConfigMap(
                  kplus.ConfigMap.fromConfigMapName(this, `platform-config-${key}`, PLATFORM_CONFIG_MAP),
                  key,
                  { optional: true },
                ),
              ]),
            ),
          },
          envFrom: props.platformSettings === false ? undefined : platformSettingsEnv(this),
          startup: probe(props.health.live, { periodSeconds: Duration.seconds(2), failureThreshold: 30 }),
          liveness:
            props.livenessProbe === false
              ? undefined
              : probe(props.health.live, { periodSeconds: Duration.seconds(10), failureThreshold: 3 }),
          readiness: probe(props.health.ready, { periodSeconds: Duration.seconds(5), failureThreshold: 2 }),
          lifecycle: {
            preStop: kplus.Handler.fromCommand(['sleep', String(shutdown.preStopDelaySeconds)]),
          },
          resources: {
            cpu: {
              request: kplus.Cpu.millis(resources.cpuRequestMillis),
              limit: kplus.Cpu.millis(resources.cpuLimitMillis),
            },
            memory: {
              request: Size.mebibytes(resources.memoryMebibytes),
              limit: Size.mebibytes(resources.memoryMebibytes),
            },
          },
          securityContext: restrictedContainerSecurity(user, props.readOnlyRootFilesystem ?? true),
          volumeMounts: [
            { path: '/tmp', volume: tmpVolume(this, 'tmp', Size.mebibytes(props.tmpSizeMebibytes ?? 64)) },
          ],
        },
      ],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: this.selectorLabels }));
    hardenPodSpec(this.deployment, '/spec/template/spec');
    limitEphemeralStorage(this.deployment, '/spec/template/spec', 64, 512);
    if (props.spread ?? true) this.addTopologySpread();

    if (props.port !== undefined) {
      this.service = new kplus.Service(this, 'service', {
        metadata: {
          name: props.name,
          labels,
          // A load balancer that sends traffic to pods directly (the AWS Load Balancer Controller's
          // target-type ip) checks their readiness on the management port; other controllers ignore these.
          annotations: {
            'alb.ingress.kubernetes.io/healthcheck-port': String(props.managementPort),
            'alb.ingress.kubernetes.io/healthcheck-path': props.health.ready,
          },
        },
        type: kplus.ServiceType.CLUSTER_IP,
        selector: kplus.Pods.select(this, 'service-pods', { labels: this.selectorLabels }),
        // The public port only: whatever routes this Service can never reach the management port.
        ports: [{ name: 'http', port: props.port, targetPort: props.port }],
      });
    }

    if (scaling.kind === 'cpu') {
      this.autoscaler = new kplus.HorizontalPodAutoscaler(this, 'autoscaler', {
        metadata: { name: props.name, labels },
        target: this.deployment,
        minReplicas: scaling.minReplicas,
        maxReplicas: scaling.maxReplicas,
        metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(scaling.targetCpuUtilization ?? 70))],
      });
    } else {
      // The external autoscaler (KEDA) owns spec.replicas.
      this.deployment.markHasAutoscaler();
    }

    new kplus.k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
      metadata: { name: props.name, labels },
      spec: {
        maxUnavailable: kplus.k8s.IntOrString.fromNumber(maxUnavailable),
        selector: { matchLabels: this.deployment.matchLabels },
        // Pods that are not ready yet may be evicted, so a bad rollout never blocks a node drain.
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }

  /** Spreads replicas over zones, then nodes; soft (ScheduleAnyway) so a single-zone cluster still schedules. */
  private addTopologySpread(): void {
    const selector = { matchLabels: this.deployment.matchLabels };
    ApiObject.of(this.deployment).addJsonPatch(
      JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [
        {
          topologyKey: 'topology.kubernetes.io/zone',
          maxSkew: 1,
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: selector,
        },
        {
          topologyKey: 'kubernetes.io/hostname',
          maxSkew: 1,
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: selector,
        },
      ]),
    );
  }
}

function validate(
  props: MicroserviceProps,
  scaling: MicroserviceScaling,
  shutdown: Required<GracefulShutdown>,
  resources: Required<MicroserviceResources>,
  maxUnavailable: number,
  user: number,
): void {
  const fail = (message: string): never => {
    throw new Error(`Microservice ${props.name}: ${message}`);
  };
  for (const port of [props.port, props.managementPort]) {
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535))
      fail(`port ${port} is not a TCP port`);
  }
  if (props.port === props.managementPort) fail('the management port must differ from the public port');
  for (const [kind, path] of Object.entries(props.health)) {
    if (path !== undefined && !String(path).startsWith('/')) fail(`health path ${kind} must start with '/'`);
  }
  if (!Number.isInteger(scaling.minReplicas) || scaling.minReplicas < 1) fail('minReplicas must be an integer >= 1');
  if (scaling.maxReplicas < scaling.minReplicas) fail('maxReplicas must be >= minReplicas');
  if (scaling.kind === 'cpu') {
    const target = scaling.targetCpuUtilization ?? 70;
    if (target < 1 || target > 100) fail('targetCpuUtilization must be between 1 and 100');
  }
  if (!Number.isInteger(maxUnavailable) || maxUnavailable < 1) {
    fail('maxUnavailable must be an integer >= 1, or node drains would block forever');
  }
  if (shutdown.preStopDelaySeconds < 0) fail('preStopDelaySeconds must be >= 0');
  if (shutdown.terminationGracePeriodSeconds <= shutdown.preStopDelaySeconds) {
    fail('terminationGracePeriodSeconds must exceed preStopDelaySeconds, or SIGTERM never reaches the process');
  }
  if (resources.cpuLimitMillis < resources.cpuRequestMillis) fail('the CPU limit must be >= the CPU request');
  if (resources.memoryMebibytes < 32) fail('memoryMebibytes must be at least 32');
  if (!Number.isInteger(user) || user < 1) fail('user must be a non-root UID (>= 1)');
  const envKeys = [...Object.keys(props.env ?? {}), ...Object.keys(props.secretEnv ?? {})];
  if (envKeys.some((key) => !/^[A-Z_][A-Z0-9_]*$/.test(key))) {
    fail('env keys must be UPPER_SNAKE_CASE');
  }
}
