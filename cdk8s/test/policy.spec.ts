import {
  BACKEND_SERVICE_NAMES,
  BACKEND_SERVICES,
  DATABASE_ADMIN_SECRET,
  DATABASE_CONNECTION_BUDGET,
  INGRESS_ROUTES,
  MEDIA_WORKER,
  PLATFORM_CONFIG_MAP,
  PLATFORM_SECRET,
  PLATFORM_SETTINGS,
  WEB_APP,
  operationalPath,
} from '@platform/contracts';
import { App, Chart } from 'cdk8s';
import { DevSecretsChart } from '../src/charts/dev-secrets.chart';
import { DEV_INFRA_DEFAULT_CREDENTIALS, MINIKUBE_NAMESPACE } from '../src/charts/dev-infra.chart';
import { MigrationsChart } from '../src/charts/migrations.chart';
import { PlatformChart } from '../src/charts/platform.chart';
import { DevBackingServices } from '../src/constructs/dev-backing-services';
import { Microservice, type MicroserviceProps } from '../src/constructs/microservice';
import { MigrationJob } from '../src/constructs/migration-job';
import { MinioBucketJob } from '../src/constructs/minio-bucket-job';
import { PlatformIngress } from '../src/constructs/platform-ingress';
import { QueueScaler } from '../src/constructs/queue-scaler';
import { WorkloadNetworkPolicy } from '../src/constructs/workload-network-policy';
import { MINIKUBE_IMAGES, MINIKUBE_PLATFORM } from '../src/environments';
import {
  ALB_RELEASE_VALUES,
  type KubeObject,
  byKind,
  minikubeCharts,
  named,
  objectsOf,
  platformChart,
  renderedHelmChart,
  TEST_SIGNING_KEY,
} from './support';

const WORKLOADS = [...BACKEND_SERVICE_NAMES, 'media-worker', WEB_APP.name];

/** The management port of each workload (libs/contracts): probes, metrics, OpenAPI; never in a Service. */
const MANAGEMENT_PORTS: Record<string, number> = {
  ...Object.fromEntries(BACKEND_SERVICE_NAMES.map((name) => [name, BACKEND_SERVICES[name].managementPort])),
  [MEDIA_WORKER.name]: MEDIA_WORKER.managementPort,
  [WEB_APP.name]: WEB_APP.managementPort,
};

const containerPort = (container: any, name: string): number | undefined =>
  container.ports.find((port: { name: string }) => port.name === name)?.containerPort;

// What an SRE review checks, asserted on the Helm chart (EKS, behind ingress-nginx or an ALB) and
// the minikube manifests alike.
const variants: [string, KubeObject[]][] = [
  ['Helm chart', renderedHelmChart()],
  ['Helm chart behind an ALB', renderedHelmChart(ALB_RELEASE_VALUES)],
  ['minikube', objectsOf(platformChart('standard'))],
];

describe.each(variants)('%s: workloads', (_variant, objects) => {
  const deployments = byKind(objects, 'Deployment');

  it('has one Deployment per service, the media worker and web', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...WORKLOADS].sort());
  });

  it.each(WORKLOADS)('%s: startup, liveness and readiness probes on the management port', (name) => {
    const container = named(objects, 'Deployment', name).spec.template.spec.containers[0];
    const backend = BACKEND_SERVICE_NAMES.find((service) => service === name);
    const live = backend ? operationalPath(backend, 'live') : expect.stringMatching(/\/health\/live$|^\/healthz$/);
    const ready = backend ? operationalPath(backend, 'ready') : expect.stringMatching(/\/health\/ready$|^\/healthz$/);
    const port = containerPort(container, 'management');
    expect(port).toBe(MANAGEMENT_PORTS[name]);
    expect(container.startupProbe.httpGet).toMatchObject({ path: live, port });
    expect(container.livenessProbe.httpGet).toMatchObject({ path: live, port });
    expect(container.readinessProbe.httpGet).toMatchObject({ path: ready, port });
    // The startup probe, not a long initial delay, covers a slow start.
    expect(container.startupProbe.failureThreshold * container.startupProbe.periodSeconds).toBeGreaterThanOrEqual(60);
    expect(container.livenessProbe.initialDelaySeconds ?? 0).toBe(0);
  });

  it.each(WORKLOADS)('%s: requests and limits; memory request = limit', (name) => {
    const { resources } = named(objects, 'Deployment', name).spec.template.spec.containers[0];
    for (const key of ['cpu', 'memory', 'ephemeral-storage']) {
      expect(resources.requests[key]).toBeDefined();
      expect(resources.limits[key]).toBeDefined();
    }
    expect(resources.requests.memory).toBe(resources.limits.memory);
  });

  it.each(WORKLOADS)('%s: non-root, read-only root filesystem with a /tmp volume, no capabilities', (name) => {
    const pod = named(objects, 'Deployment', name).spec.template.spec;
    const container = pod.containers[0];
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.hostNetwork ?? false).toBe(false);
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
    });
    const tmp = container.volumeMounts.find((mount: { mountPath: string }) => mount.mountPath === '/tmp');
    expect(pod.volumes.find((volume: { name: string }) => volume.name === tmp.name).emptyDir.sizeLimit).toBeDefined();
  });

  it.each(WORKLOADS)('%s: graceful shutdown (preStop delay within the termination grace period)', (name) => {
    const pod = named(objects, 'Deployment', name).spec.template.spec;
    const [sleep, seconds] = pod.containers[0].lifecycle.preStop.exec.command;
    expect(sleep).toBe('sleep');
    expect(Number(seconds)).toBeGreaterThanOrEqual(5);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(Number(seconds) + 15);
  });

  it.each(WORKLOADS)('%s: leaves replicas to its autoscaler, rolls out within its room, spreads', (name) => {
    const deployment = named(objects, 'Deployment', name);
    expect(deployment.spec.replicas).toBeUndefined();
    // Servers surge (no capacity lost); the queue consumer replaces (no second 768 MiB pod for nothing).
    expect(deployment.spec.strategy.rollingUpdate).toEqual(
      name === MEDIA_WORKER.name ? { maxSurge: 0, maxUnavailable: 1 } : { maxSurge: '25%', maxUnavailable: 0 },
    );
    const keys = deployment.spec.template.spec.topologySpreadConstraints.map(
      (c: { topologyKey: string }) => c.topologyKey,
    );
    expect(keys).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
  });

  it.each(BACKEND_SERVICE_NAMES)(
    '%s: platform settings by envFrom and its own PORT/DATABASE_NAME/SERVICE_NAME',
    (name) => {
      const container = named(objects, 'Deployment', name).spec.template.spec.containers[0];
      expect(container.envFrom).toEqual([
        { configMapRef: { name: PLATFORM_CONFIG_MAP } },
        { secretRef: { name: PLATFORM_SECRET } },
      ]);
      expect(container.env).toEqual([
        { name: 'PORT', value: String(BACKEND_SERVICES[name].port) },
        { name: 'MANAGEMENT_PORT', value: String(BACKEND_SERVICES[name].managementPort) },
        { name: 'DATABASE_NAME', value: BACKEND_SERVICES[name].database },
        { name: 'SERVICE_NAME', value: name },
        { name: 'DATABASE_POOL_MAX', value: String(DATABASE_CONNECTION_BUDGET[name].poolMax) },
        { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: `${name}-database`, key: 'DATABASE_URL' } } },
      ]);
      expect(container.command).toEqual(['node', 'dist/main.bundle.js']);
      expect(containerPort(container, 'http')).toBe(BACKEND_SERVICES[name].port);
    },
  );

  it('the media worker runs the media image with the worker entry point, scaled by KEDA on its queue', () => {
    const worker = named(objects, 'Deployment', 'media-worker').spec.template.spec;
    const media = named(objects, 'Deployment', 'media').spec.template.spec;
    expect(worker.containers[0].image).toBe(media.containers[0].image);
    expect(worker.containers[0].command).toEqual(['node', 'dist/worker.bundle.js']);
    expect(worker.serviceAccountName).toBe('media');
    const scaled = named(objects, 'ScaledObject', 'media-worker');
    expect(scaled.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'media-worker' });
    expect(scaled.spec.triggers[0]).toMatchObject({
      type: 'rabbitmq',
      metadata: { queueName: 'media-worker', mode: 'QueueLength' },
      authenticationRef: { name: 'media-worker-rabbitmq' },
    });
    expect(named(objects, 'TriggerAuthentication', 'media-worker-rabbitmq').spec.secretTargetRef).toEqual([
      { parameter: 'host', name: PLATFORM_SECRET, key: 'AMQP_URL' },
    ]);
    // Two autoscalers on one Deployment fight: the worker has no HPA of ours.
    expect(byKind(objects, 'HorizontalPodAutoscaler').map((hpa) => hpa.spec.scaleTargetRef.name)).not.toContain(
      'media-worker',
    );
  });

  it('every other Deployment has a CPU HorizontalPodAutoscaler', () => {
    const hpas = byKind(objects, 'HorizontalPodAutoscaler');
    for (const name of WORKLOADS.filter((workload) => workload !== 'media-worker')) {
      const hpa = hpas.find((candidate) => candidate.spec.scaleTargetRef.name === name)!;
      expect(hpa.spec.scaleTargetRef.kind).toBe('Deployment');
      expect(hpa.spec.maxReplicas).toBeGreaterThanOrEqual(hpa.spec.minReplicas);
      expect(hpa.spec.metrics[0].resource).toMatchObject({ name: 'cpu', target: { type: 'Utilization' } });
    }
  });

  it('every Deployment has a PodDisruptionBudget that selects exactly its pods and never blocks a drain', () => {
    const budgets = byKind(objects, 'PodDisruptionBudget');
    for (const deployment of deployments) {
      const budget = budgets.find((candidate) => candidate.metadata.name === deployment.metadata.name)!;
      expect(budget.spec.selector).toEqual(deployment.spec.selector);
      expect(budget.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
      expect(budget.spec.minAvailable).toBeUndefined();
    }
  });

  it('Services select the server pods and the Ingress routes the contracts table', () => {
    for (const route of INGRESS_ROUTES) {
      const service = named(objects, 'Service', route.service);
      const deployment = named(objects, 'Deployment', route.service);
      expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
      expect(service.spec.ports).toEqual([{ name: 'http', port: route.port, targetPort: route.port }]);
    }
    const [ingress] = byKind(objects, 'Ingress');
    const paths = ingress!.spec.rules.flatMap((rule: any) => rule.http.paths);
    expect(
      paths.map((path: any) => ({
        pathPrefix: path.path,
        service: path.backend.service.name,
        port: path.backend.service.port.number,
      })),
    ).toEqual(expect.arrayContaining(INGRESS_ROUTES.map((route) => ({ ...route }))));
    expect(paths).toHaveLength(INGRESS_ROUTES.length);
    expect(paths.every((path: any) => path.pathType === 'Prefix')).toBe(true);
  });

  // DESIGN.md "Operational endpoints": health, metrics and OpenAPI must not be reachable through an Ingress.
  it('no Ingress and no Service can reach a management port; Prometheus and the kubelet use it', () => {
    const managementPorts = new Set(Object.values(MANAGEMENT_PORTS));
    for (const ingress of byKind(objects, 'Ingress')) {
      for (const path of ingress.spec.rules.flatMap((rule: any) => rule.http.paths)) {
        const service = named(objects, 'Service', path.backend.service.name);
        const routed = service.spec.ports.find((port: any) => port.port === path.backend.service.port.number);
        expect(managementPorts.has(routed.targetPort)).toBe(false);
      }
    }
    for (const service of byKind(objects, 'Service')) {
      for (const port of service.spec.ports) {
        expect(managementPorts.has(port.port) || managementPorts.has(port.targetPort)).toBe(false);
      }
    }
    expect(byKind(objects, 'Service').map((service) => service.metadata.name)).not.toContain(MEDIA_WORKER.name);
    for (const name of WORKLOADS) {
      const pod = named(objects, 'Deployment', name).spec.template;
      const metrics = pod.metadata.annotations?.['prometheus.io/port'];
      if (metrics) expect(Number(metrics)).toBe(MANAGEMENT_PORTS[name]);
    }
  });

  it('each Service tells a load balancer that targets pods (ALB) to check readiness on the management port', () => {
    for (const route of INGRESS_ROUTES) {
      const annotations = named(objects, 'Service', route.service).metadata.annotations;
      const probe = named(objects, 'Deployment', route.service).spec.template.spec.containers[0].readinessProbe.httpGet;
      expect(annotations).toEqual({
        'alb.ingress.kubernetes.io/healthcheck-port': String(MANAGEMENT_PORTS[route.service]),
        'alb.ingress.kubernetes.io/healthcheck-path': probe.path,
      });
    }
  });
});

describe.each(variants)('%s: NetworkPolicies', (_variant, objects) => {
  const policies = byKind(objects, 'NetworkPolicy');
  const policyFor = (name: string, component: string) =>
    policies.find(
      (p) =>
        p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === name &&
        p.spec.podSelector.matchLabels?.['app.kubernetes.io/component'] === component,
    )!;
  const egressPorts = (policy: KubeObject) =>
    new Set<number>((policy.spec.egress ?? []).flatMap((rule: any) => rule.ports.map((port: any) => port.port)));
  const ingressFromPods = (policy: KubeObject) =>
    (policy.spec.ingress ?? []).flatMap((rule: any) =>
      rule.from.map((peer: any) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name']),
    );

  it('denies all ingress and egress of every pod by default, DNS excepted', () => {
    const deny = named(objects, 'NetworkPolicy', 'default-deny');
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Egress', 'Ingress'] });
    const dns = named(objects, 'NetworkPolicy', 'allow-dns');
    expect(dns.spec.podSelector).toEqual({});
    expect(dns.spec.egress).toHaveLength(1);
    expect(dns.spec.egress[0].ports.map((p: any) => p.port)).toEqual([53, 53]);
    expect(dns.spec.ingress).toBeUndefined();
  });

  it('names ports in every rule and never allows ingress from everywhere', () => {
    for (const policy of policies) {
      for (const rule of [...(policy.spec.ingress ?? []), ...(policy.spec.egress ?? [])]) {
        if (policy.metadata.name === 'default-deny') continue;
        expect(rule.ports.length).toBeGreaterThan(0);
      }
      for (const rule of policy.spec.ingress ?? []) {
        for (const peer of rule.from) {
          // Address ranges only for the load balancer, and only those the release names.
          if (peer.ipBlock) {
            expect(policy.metadata.name).toMatch(/-load-balancer$/);
            expect(ALB_RELEASE_VALUES.networkPolicy.loadBalancerCidrs).toContain(peer.ipBlock.cidr);
          }
          expect(peer.namespaceSelector ?? { matchLabels: {} }).not.toEqual({});
        }
      }
    }
  });

  it('lets a load balancer that targets pods in only when the release names its ranges', () => {
    const loadBalancer = policies.filter((policy) => policy.metadata.name.endsWith('-load-balancer'));
    if (_variant !== 'Helm chart behind an ALB') {
      expect(loadBalancer).toEqual([]);
      return;
    }
    expect(loadBalancer.map((policy) => policy.metadata.name).sort()).toEqual(
      [...BACKEND_SERVICE_NAMES, WEB_APP.name].map((name) => `${name}-load-balancer`).sort(),
    );
    for (const policy of loadBalancer) {
      const name = policy.metadata.name.replace(/-load-balancer$/, '');
      expect(policy.spec.ingress).toEqual([
        {
          from: [{ ipBlock: { cidr: '10.0.0.0/16' } }],
          ports: [
            { port: named(objects, 'Service', name).spec.ports[0].port, protocol: 'TCP' },
            { port: MANAGEMENT_PORTS[name], protocol: 'TCP' },
          ],
        },
      ]);
    }
  });

  it('lets Prometheus reach the management ports only', () => {
    for (const name of [...BACKEND_SERVICE_NAMES, MEDIA_WORKER.name]) {
      const policy = policyFor(name, name === MEDIA_WORKER.name ? 'worker' : 'server');
      const fromMonitoring = policy.spec.ingress.filter((rule: any) =>
        rule.from.some(
          (peer: any) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'monitoring',
        ),
      );
      expect(fromMonitoring.flatMap((rule: any) => rule.ports)).toEqual([
        { port: MANAGEMENT_PORTS[name], protocol: 'TCP' },
      ]);
    }
  });

  it('lets the ingress controller reach web and the services on their ports only', () => {
    for (const name of [...BACKEND_SERVICE_NAMES, WEB_APP.name]) {
      const component = name === WEB_APP.name ? 'web' : 'server';
      const policy = policyFor(name, component);
      const fromController = policy.spec.ingress.find((rule: any) =>
        rule.from.some((peer: any) =>
          peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name']?.includes('ingress'),
        ),
      );
      expect(fromController.ports).toEqual([
        { port: named(objects, 'Service', name).spec.ports[0].port, protocol: 'TCP' },
      ]);
    }
    expect(
      policyFor('media-worker', 'worker').spec.ingress.some((rule: any) =>
        rule.from.some((peer: any) =>
          peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name']?.includes('ingress'),
        ),
      ),
    ).toBe(false);
  });

  it('lets nothing but the ingress controller and platform pods reach a service port, so X-Forwarded-For is always the ingress’s', () => {
    // Services trust one proxy hop (TRUSTED_PROXY_HOPS): a client reaching the port directly could
    // name its own address and dodge per-address limits. Only the controller, Prometheus and our own pods may.
    const platformPods = new Set<string>([...BACKEND_SERVICE_NAMES, 'media-worker', WEB_APP.name]);
    for (const name of [...BACKEND_SERVICE_NAMES, WEB_APP.name]) {
      const servicePort = named(objects, 'Service', name).spec.ports[0].port;
      const policy = policyFor(name, name === WEB_APP.name ? 'web' : 'server');
      const rulesOnPort = policy.spec.ingress.filter((rule: any) =>
        rule.ports.some((port: any) => port.port === servicePort),
      );
      expect(rulesOnPort.length).toBeGreaterThan(0);
      for (const peer of rulesOnPort.flatMap((rule: any) => rule.from)) {
        const namespace = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
        // The controller, or Prometheus scraping (in-cluster, not a client of the public API).
        const controller = namespace?.includes('ingress') || namespace === 'monitoring';
        const ownPod =
          peer.namespaceSelector === undefined &&
          platformPods.has(peer.podSelector?.matchLabels?.['app.kubernetes.io/name']);
        expect({ name, peer, allowed: controller || ownPod }).toEqual({ name, peer, allowed: true });
      }
    }
  });

  it('opens the service graph: PostgreSQL, RabbitMQ, the trace collector, JWKS, SMTP for identity, S3 for media and its worker', () => {
    for (const name of BACKEND_SERVICE_NAMES) {
      const ports = egressPorts(policyFor(name, 'server'));
      expect([...ports]).toEqual(expect.arrayContaining([5432, 5672, 4318]));
      expect(ports.has(587)).toBe(name === 'identity');
      expect(ports.has(443)).toBe(name === 'media');
      expect(ports.has(BACKEND_SERVICES.identity.port)).toBe(name !== 'identity');
    }
    const worker = egressPorts(policyFor('media-worker', 'worker'));
    expect([...worker]).toEqual(expect.arrayContaining([5432, 5672, 4318, 443, 9000, BACKEND_SERVICES.identity.port]));
    expect(worker.has(587)).toBe(false);
    expect(ingressFromPods(policyFor('identity', 'server')).sort()).toEqual([
      'catalog',
      'media',
      'media-worker',
      'progress',
    ]);
  });

  it('web reads only where media is served from, for its CSP: no platform settings, no secrets', () => {
    const container = named(objects, 'Deployment', WEB_APP.name).spec.template.spec.containers[0];
    expect(container.envFrom).toBeUndefined();
    expect(container.env).toEqual(
      ['S3_PUBLIC_ENDPOINT', 'S3_BUCKET', 'S3_REGION'].map((key) => ({
        name: key,
        valueFrom: { configMapKeyRef: { name: PLATFORM_CONFIG_MAP, key, optional: true } },
      })),
    );
  });

  it('web is static: no egress at all', () => {
    const web = policyFor('web', 'web');
    expect(web.spec.egress).toBeUndefined();
    expect(web.spec.policyTypes).toEqual(['Ingress']);
  });

  it('migration Jobs reach PostgreSQL only', () => {
    const migrations = named(objects, 'NetworkPolicy', 'migrations');
    expect([...egressPorts(migrations)]).toEqual([5432]);
    expect(migrations.spec.podSelector.matchLabels['app.kubernetes.io/component']).toBe('migration');
  });
});

describe.each(variants)('%s: each service logs in to PostgreSQL as its own role', (_variant, platform) => {
  const helm = _variant === 'Helm chart';
  const jobs = byKind(
    helm ? renderedHelmChart() : objectsOf(new MigrationsChart(new App(), 'm', { images: MINIKUBE_IMAGES })),
    'Job',
  );
  const containersOf = (pod: any): any[] => [...(pod.initContainers ?? []), ...pod.containers];
  const secretsRead = (container: any): string[] => [
    ...(container.env ?? []).flatMap((e: any) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.name] : [])),
    ...(container.envFrom ?? []).flatMap((e: any) => (e.secretRef ? [e.secretRef.name] : [])),
  ];
  const databaseUrlSecret = (container: any): string | undefined =>
    container.env?.find((e: any) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef?.name;

  it('every backend pod and migration Job reads DATABASE_URL from its own service’s Secret only', () => {
    for (const name of [...BACKEND_SERVICE_NAMES, 'media-worker']) {
      const owner = name === 'media-worker' ? 'media' : name;
      const container = named(platform, 'Deployment', name).spec.template.spec.containers[0];
      expect({ name, secret: databaseUrlSecret(container) }).toEqual({ name, secret: `${owner}-database` });
      expect(secretsRead(container).sort()).toEqual([PLATFORM_SECRET, `${owner}-database`].sort());
    }
    for (const job of jobs) {
      const service = job.metadata.name.replace(/-migrate$/, '');
      for (const container of containersOf(job.spec.template.spec)) {
        expect(databaseUrlSecret(container)).toBe(`${service}-database`);
      }
    }
  });

  it('only the setup step of a migration Job reads the admin Secret', () => {
    const pods = [
      ...byKind(platform, 'Deployment').map((d) => d.spec.template.spec),
      ...jobs.map((job) => ({ ...job.spec.template.spec, initContainers: [] })),
    ];
    for (const pod of pods) {
      for (const container of containersOf(pod)) expect(secretsRead(container)).not.toContain(DATABASE_ADMIN_SECRET);
    }
    for (const job of jobs) {
      const service = job.metadata.name.replace(/-migrate$/, '') as (typeof BACKEND_SERVICE_NAMES)[number];
      const [setup, ...others] = job.spec.template.spec.initContainers;
      expect(others).toEqual([]);
      expect(setup.command).toEqual(['node', 'dist/migrate.bundle.js', 'setup']);
      expect(setup.image).toBe(job.spec.template.spec.containers[0].image);
      expect(setup.env).toEqual(
        expect.arrayContaining([
          {
            name: 'DATABASE_ADMIN_URL',
            valueFrom: { secretKeyRef: { name: DATABASE_ADMIN_SECRET, key: 'DATABASE_ADMIN_URL' } },
          },
          { name: 'DATABASE_CONNECTION_LIMIT', value: String(DATABASE_CONNECTION_BUDGET[service].connectionLimit) },
          { name: 'DATABASE_NAME', value: BACKEND_SERVICES[service].database },
        ]),
      );
      expect(setup.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
      });
    }
  });

  it('sizes each role’s connection limit for every pod at the autoscalers’ maxima with full pools, plus its migration', () => {
    if (!helm) return; // the production sizes are the Helm chart's
    const maxReplicas = (name: string): number => {
      const hpa = platform.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === name);
      if (hpa) return hpa.spec.maxReplicas;
      return platform.find((o) => o.kind === 'ScaledObject' && o.spec.scaleTargetRef.name === name)!.spec
        .maxReplicaCount;
    };
    for (const service of BACKEND_SERVICE_NAMES) {
      const { poolMax, connectionLimit } = DATABASE_CONNECTION_BUDGET[service];
      const pods = maxReplicas(service) + (service === 'media' ? maxReplicas('media-worker') : 0);
      const needed = pods * poolMax + poolMax;
      expect({ service, needed, fits: needed <= connectionLimit }).toEqual({ service, needed, fits: true });
    }
  });
});

describe('migration Jobs run before the rollout', () => {
  const jobs = byKind(renderedHelmChart(), 'Job');

  it('Helm: one Job per service, a pre-install/pre-upgrade hook, with the service image and its settings', () => {
    expect(jobs.map((job) => job.metadata.name).sort()).toEqual(
      BACKEND_SERVICE_NAMES.map((name) => `${name}-migrate`).sort(),
    );
    const deployments = renderedHelmChart();
    for (const job of jobs) {
      const service = job.metadata.name.replace(/-migrate$/, '');
      expect(job.metadata.annotations).toEqual({
        'helm.sh/hook': 'pre-install,pre-upgrade',
        'helm.sh/hook-weight': '0',
        'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
      });
      const container = job.spec.template.spec.containers[0];
      expect(container.command).toEqual(['node', 'dist/migrate.bundle.js', 'up']);
      expect(container.image).toBe(named(deployments, 'Deployment', service).spec.template.spec.containers[0].image);
      expect(container.envFrom).toEqual([
        { configMapRef: { name: PLATFORM_CONFIG_MAP } },
        { secretRef: { name: PLATFORM_SECRET } },
      ]);
      expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true });
      expect(job.spec.template.spec.restartPolicy).toBe('Never');
      expect(job.spec.backoffLimit).toBeGreaterThan(0);
      expect(job.spec.activeDeadlineSeconds).toBeGreaterThan(0);
      // A pre-install hook runs before any ServiceAccount of the release exists.
      expect(job.spec.template.spec.serviceAccountName).toBeUndefined();
    }
  });

  it('minikube: plain Jobs (skaffold deploys and awaits them before the platform; see skaffold.spec.ts)', () => {
    const minikube = objectsOf(new MigrationsChart(new App(), 'migrations', { images: MINIKUBE_IMAGES }));
    for (const job of byKind(minikube, 'Job')) expect(job.metadata.annotations).toBeUndefined();
  });
});

describe('dev-infra chart (minikube)', () => {
  const objects = objectsOf(minikubeCharts().get('dev-infra.yaml')!);
  const secrets = objectsOf(new DevSecretsChart(new App(), 'secrets', { jwtPrivateKey: TEST_SIGNING_KEY }));

  it('refuses a web origin MinIO cannot allow (a path) and a bucket Job without a bucket', () => {
    const chart = new Chart(new App(), 'dev');
    const credentials = DEV_INFRA_DEFAULT_CREDENTIALS;
    expect(() => new DevBackingServices(chart, 'a', { credentials, webOrigin: 'http://localhost:8080/app' })).toThrow(
      /webOrigin/,
    );
    expect(() => new MinioBucketJob(chart, 'b', { bucket: '', credentialsSecret: 'x' })).toThrow(/bucket/);
  });

  it('provides the database admin Secret and each service’s own role URL, as Pulumi does on EKS', () => {
    expect(named(objects, 'Secret', DATABASE_ADMIN_SECRET).stringData.DATABASE_ADMIN_URL).toMatch(
      /^postgres:\/\/postgres:[^@]+@postgres:5432$/,
    );
    for (const service of BACKEND_SERVICE_NAMES) {
      const url = new URL(named(objects, 'Secret', `${service}-database`).stringData.DATABASE_URL);
      expect({ user: url.username, host: url.host, path: url.pathname }).toEqual({
        user: `${service}_service`,
        host: 'postgres:5432',
        path: '',
      });
      expect(url.password.length).toBeGreaterThanOrEqual(16);
    }
  });

  it('provides exactly the platform settings: non-secret keys in platform-config, secret ones in platform-secrets', () => {
    const config = named(objects, 'ConfigMap', PLATFORM_CONFIG_MAP).data;
    const secret = named(secrets, 'Secret', PLATFORM_SECRET).stringData;
    expect(Object.keys(config).sort()).toEqual(
      PLATFORM_SETTINGS.filter((s) => !s.secret)
        .map((s) => s.key)
        .sort(),
    );
    expect(Object.keys(secret).sort()).toEqual(
      PLATFORM_SETTINGS.filter((s) => s.secret)
        .map((s) => s.key)
        .sort(),
    );
    // Presigned URLs are signed for the host the browser uses, not the in-cluster one.
    expect(config.S3_ENDPOINT).toBe('http://minio:9000');
    expect(config.S3_PUBLIC_ENDPOINT).not.toBe(config.S3_ENDPOINT);
    expect(secret.DATABASE_URL).toBeUndefined();
    expect(secret.JWT_PRIVATE_KEY).toBe(TEST_SIGNING_KEY);
  });

  // KEDA's operator runs in its own namespace and reads this URL (TriggerAuthentication `host`): a
  // short name like `rabbitmq` resolves in the operator's namespace, not the platform's.
  it('names the broker by its fully qualified name, in the namespace skaffold deploys to', () => {
    const url = new URL(named(secrets, 'Secret', PLATFORM_SECRET).stringData.AMQP_URL);
    expect(url.host).toBe(`rabbitmq.${MINIKUBE_NAMESPACE}.svc.cluster.local:5672`);
    const platform = objectsOf(platformChart('standard'));
    expect(named(platform, 'TriggerAuthentication', 'media-worker-rabbitmq').spec.secretTargetRef).toEqual([
      { parameter: 'host', name: PLATFORM_SECRET, key: 'AMQP_URL' },
    ]);
    const rabbitmq = named(objects, 'NetworkPolicy', 'rabbitmq');
    expect(rabbitmq.spec.ingress.flatMap((rule: any) => rule.from)).toContainEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'keda' } },
      podSelector: {},
    });
  });

  it('runs PostgreSQL, RabbitMQ, MinIO, the mail catcher and Jaeger as StatefulSets with storage, the collector without, restricted', () => {
    const sets = byKind(objects, 'StatefulSet');
    expect(sets.map((set) => set.metadata.name).sort()).toEqual([
      'jaeger',
      'mailpit',
      'minio',
      'otel-collector',
      'postgres',
      'rabbitmq',
    ]);
    for (const set of sets) {
      if (set.metadata.name === 'otel-collector') expect(set.spec.volumeClaimTemplates).toBeUndefined();
      else expect(set.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toMatch(/Gi$/);
      const pod = set.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.containers[0].securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(pod.containers[0].image).toMatch(/:[\w.-]*\d[\w.-]*$/);
      expect(named(objects, 'Service', set.metadata.name)).toBeDefined();
    }
  });

  it('sends the platform’s traces to the collector, and the collector’s to Jaeger only', () => {
    const config = named(objects, 'ConfigMap', 'platform-config').data;
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector:4318');
    const collectorConfig = named(objects, 'ConfigMap', 'otel-collector-config').data['config.yaml'];
    expect(collectorConfig).toContain("endpoint: 'jaeger:4317'");
    const jaeger = named(objects, 'NetworkPolicy', 'jaeger');
    expect(jaeger.spec.ingress).toEqual([
      {
        from: [
          {
            podSelector: {
              matchLabels: { 'app.kubernetes.io/component': 'dev-infra', 'app.kubernetes.io/name': 'otel-collector' },
            },
          },
        ],
        ports: [{ port: 4317, protocol: 'TCP' }],
      },
    ]);
  });

  it('lets only the platform pods reach the backing services', () => {
    for (const name of ['postgres', 'rabbitmq', 'minio', 'mailpit', 'otel-collector']) {
      const policy = named(objects, 'NetworkPolicy', name);
      const peers = policy.spec.ingress.flatMap((rule: any) => rule.from);
      expect(peers).toContainEqual({
        podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'learning-platform' } },
      });
    }
  });
});

describe('local variants', () => {
  it('only the dev-sync variant has writable root filesystems and runs the images’ dev command', () => {
    const devSync = byKind(objectsOf(platformChart('dev-sync')), 'Deployment');
    const server = named(devSync, 'Deployment', 'identity').spec.template.spec.containers[0];
    expect(server.securityContext.readOnlyRootFilesystem).toBe(false);
    expect(server.command).toBeUndefined();
    expect(named(devSync, 'Deployment', 'media-worker').spec.template.spec.containers[0].env).toContainEqual({
      name: 'DEV_ENTRY',
      value: 'dist/worker.js',
    });
  });

  it('the debug variant drops liveness probes only', () => {
    const debug = byKind(objectsOf(platformChart('debug')), 'Deployment');
    const container = named(debug, 'Deployment', 'catalog').spec.template.spec.containers[0];
    expect(container.livenessProbe).toBeUndefined();
    expect(container.readinessProbe).toBeDefined();
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  it('refuses a local mode at production scale', () => {
    expect(
      () => new PlatformChart(new App(), 'p', { ...MINIKUBE_PLATFORM, scale: 'production', mode: 'dev-sync' }),
    ).toThrow(/production/);
  });
});

describe('constructs refuse invalid combinations', () => {
  const base: MicroserviceProps = {
    name: 'svc',
    image: 'registry/svc:1',
    port: 3000,
    managementPort: 3200,
    health: { live: '/live', ready: '/ready' },
  };
  const build = (props: Partial<MicroserviceProps>) => () =>
    new Microservice(new Chart(new App(), 'c'), 'svc', { ...base, ...props });

  it.each<[string, Partial<MicroserviceProps>, RegExp]>([
    ['min > max replicas', { scaling: { kind: 'cpu', minReplicas: 3, maxReplicas: 2 } }, /maxReplicas/],
    ['zero replicas', { scaling: { kind: 'cpu', minReplicas: 0, maxReplicas: 2 } }, /minReplicas/],
    ['a PDB that blocks drains', { maxUnavailable: 0 }, /maxUnavailable/],
    [
      'preStop longer than the grace period',
      { shutdown: { preStopDelaySeconds: 30, terminationGracePeriodSeconds: 30 } },
      /terminationGracePeriodSeconds/,
    ],
    ['a CPU limit under the request', { resources: { cpuRequestMillis: 500, cpuLimitMillis: 100 } }, /CPU limit/],
    ['root', { user: 0 }, /non-root/],
    ['a bad port', { port: 70000 }, /TCP port/],
    ['the management port on the public port', { managementPort: 3000 }, /management port/],
    ['a bad name', { name: 'Not_A_Label' }, /DNS-1123/],
    ['a relative health path', { health: { live: 'live', ready: '/ready' } }, /start with/],
  ])('Microservice: %s', (_case, props, error) => {
    expect(build(props)).toThrow(error);
  });

  it('MigrationJob, QueueScaler, PlatformIngress, WorkloadNetworkPolicy', () => {
    const chart = () => new Chart(new App(), 'c');
    expect(() => new MigrationJob(chart(), 'j', { service: 'svc', image: 'i', command: [] })).toThrow(/command/);
    const service = new Microservice(chart(), 'svc', base);
    expect(
      () =>
        new QueueScaler(service, 'q', {
          target: service.deployment,
          queueName: 'q',
          brokerUrl: { secretName: 's', key: 'k' },
          minReplicas: 2,
          maxReplicas: 1,
        }),
    ).toThrow(/maxReplicas/);
    expect(
      () =>
        new PlatformIngress(chart(), 'i', {
          name: 'i',
          className: 'nginx',
          routes: [{ pathPrefix: '/x', service: 'web', port: 1 }],
          services: new Map(),
        }),
    ).toThrow(/no Service/);
    expect(
      () =>
        new WorkloadNetworkPolicy(chart(), 'n', {
          name: 'n',
          podLabels: { a: 'b' },
          ingress: [{ peer: { kind: 'anywhere' }, tcpPorts: [80] }],
        }),
    ).toThrow(/anywhere/);
    expect(() => new WorkloadNetworkPolicy(chart(), 'n', { name: 'n', podLabels: {}, egress: [] })).toThrow(
      /podLabels/,
    );
    expect(
      () =>
        new WorkloadNetworkPolicy(chart(), 'n', {
          name: 'n',
          podLabels: { a: 'b' },
          ingress: [{ peer: { kind: 'cidr', cidr: '0.0.0.0/0' }, tcpPorts: [80] }],
        }),
    ).toThrow(/anywhere/);
  });
});
