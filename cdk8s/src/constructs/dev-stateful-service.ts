import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ALL_CAPABILITIES } from '../pod-hardening';
import { DEV_INFRA_PART_OF, assertDnsLabel, workloadLabels } from '../labels';

export interface DevStatefulServicePort {
  /** IANA-style port name (e.g. `amqp`). */
  readonly name: string;
  readonly port: number;
}

/** A value for an environment variable: literal, or a key of a Secret. */
export type DevEnvValue = string | { readonly secretName: string; readonly key: string };

export interface DevStatefulServiceProps {
  /** Name of the StatefulSet and its Service (the in-cluster host name). */
  readonly name: string;
  /** Image, pinned by version. */
  readonly image: string;
  /** @default - the image's entry point */
  readonly command?: readonly string[];
  /** @default - the image's arguments */
  readonly args?: readonly string[];
  /** Ports; the first one is probed for readiness and liveness. */
  readonly ports: readonly DevStatefulServicePort[];
  /** @default - none */
  readonly env?: Readonly<Record<string, DevEnvValue>>;
  /** Where the persistent volume (or, with `persistent: false`, a scratch directory) is mounted. */
  readonly dataPath: string;
  /**
   * Whether `dataPath` survives restarts (a volume per pod); a stateless service (a collector)
   * gets an emptyDir there instead.
   * @default true
   */
  readonly persistent?: boolean;
  /** @default 1 */
  readonly storageGibibytes?: number;
  /** UID/GID the container runs as (and owner of the volume). */
  readonly user: number;
  /**
   * Further writable directories (emptyDir), since the root filesystem is read-only.
   * @default ['/tmp']
   */
  readonly scratchPaths?: readonly string[];
  /**
   * Files mounted read-only from a ConfigMap: mount path → ConfigMap name.
   * @default - none
   */
  readonly configMounts?: Readonly<Record<string, string>>;
  /** @default 512 */
  readonly memoryMebibytes?: number;
  /**
   * Readiness command, if a TCP connect is not enough.
   * @default - TCP connect to the first port
   */
  readonly readinessCommand?: readonly string[];
}

/**
 * A backing service for a local cluster (minikube): one StatefulSet replica with a persistent
 * volume per pod (volumeClaimTemplates) and a Service, restricted like the platform's pods.
 * The typed Kubernetes API (cdk8s-plus's `k8s` imports) is used because cdk8s-plus-27's StatefulSet
 * cannot declare volumeClaimTemplates.
 */
export class DevStatefulService extends Construct {
  readonly name: string;
  readonly ports: readonly DevStatefulServicePort[];
  readonly selectorLabels: Record<string, string>;

  constructor(scope: Construct, id: string, props: DevStatefulServiceProps) {
    super(scope, id);
    assertDnsLabel(props.name, 'DevStatefulService name');
    if (props.ports.length === 0) throw new Error(`DevStatefulService ${props.name}: at least one port is needed`);
    if (!props.dataPath.startsWith('/')) throw new Error(`DevStatefulService ${props.name}: dataPath must be absolute`);
    const scratchPaths = props.scratchPaths ?? ['/tmp'];
    if (scratchPaths.includes(props.dataPath)) {
      throw new Error(`DevStatefulService ${props.name}: ${props.dataPath} cannot be both data and scratch`);
    }
    this.name = props.name;
    this.ports = props.ports;
    const labels = workloadLabels(props.name, 'dev-infra', DEV_INFRA_PART_OF);
    this.selectorLabels = { 'app.kubernetes.io/name': props.name, 'app.kubernetes.io/component': 'dev-infra' };
    const memory = `${props.memoryMebibytes ?? 512}Mi`;
    const first = props.ports[0]!;
    const readiness: kplus.k8s.Probe = props.readinessCommand
      ? { exec: { command: [...props.readinessCommand] }, periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 5 }
      : { tcpSocket: { port: kplus.k8s.IntOrString.fromNumber(first.port) }, periodSeconds: 5, failureThreshold: 3 };

    new kplus.k8s.KubeService(this, 'service', {
      metadata: { name: props.name, labels },
      spec: {
        selector: this.selectorLabels,
        ports: props.ports.map((port) => ({
          name: port.name,
          port: port.port,
          targetPort: kplus.k8s.IntOrString.fromNumber(port.port),
        })),
      },
    });

    const configMounts = Object.entries(props.configMounts ?? {});
    new kplus.k8s.KubeStatefulSet(this, 'stateful-set', {
      metadata: { name: props.name, labels },
      spec: {
        serviceName: props.name,
        replicas: 1,
        selector: { matchLabels: this.selectorLabels },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: props.user,
              runAsGroup: props.user,
              fsGroup: props.user,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: props.name,
                image: props.image,
                imagePullPolicy: 'IfNotPresent',
                command: props.command ? [...props.command] : undefined,
                args: props.args ? [...props.args] : undefined,
                ports: props.ports.map((port) => ({ name: port.name, containerPort: port.port })),
                env: Object.entries(props.env ?? {}).map(([name, value]) =>
                  typeof value === 'string'
                    ? { name, value }
                    : { name, valueFrom: { secretKeyRef: { name: value.secretName, key: value.key } } },
                ),
                readinessProbe: readiness,
                livenessProbe: {
                  tcpSocket: { port: kplus.k8s.IntOrString.fromNumber(first.port) },
                  initialDelaySeconds: 30,
                  periodSeconds: 20,
                  failureThreshold: 6,
                },
                resources: {
                  requests: {
                    cpu: kplus.k8s.Quantity.fromString('50m'),
                    memory: kplus.k8s.Quantity.fromString(memory),
                  },
                  limits: { cpu: kplus.k8s.Quantity.fromString('1'), memory: kplus.k8s.Quantity.fromString(memory) },
                },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  privileged: false,
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                  capabilities: { drop: [ALL_CAPABILITIES] },
                },
                volumeMounts: [
                  { name: 'data', mountPath: props.dataPath },
                  ...scratchPaths.map((path, index) => ({ name: `scratch-${index}`, mountPath: path })),
                  ...configMounts.map(([path], index) => ({
                    name: `config-${index}`,
                    mountPath: path,
                    readOnly: true,
                  })),
                ],
              },
            ],
            volumes: [
              ...(props.persistent === false
                ? [{ name: 'data', emptyDir: { sizeLimit: kplus.k8s.Quantity.fromString('256Mi') } }]
                : []),
              ...scratchPaths.map((_, index) => ({
                name: `scratch-${index}`,
                emptyDir: { sizeLimit: kplus.k8s.Quantity.fromString('256Mi') },
              })),
              ...configMounts.map(([, configMap], index) => ({
                name: `config-${index}`,
                configMap: { name: configMap },
              })),
            ],
          },
        },
        volumeClaimTemplates:
          props.persistent === false
            ? undefined
            : [
                {
                  metadata: { name: 'data', labels },
                  spec: {
                    accessModes: ['ReadWriteOnce'],
                    resources: {
                      requests: { storage: kplus.k8s.Quantity.fromString(`${props.storageGibibytes ?? 1}Gi`) },
                    },
                  },
                },
              ],
      },
    });
  }
}
