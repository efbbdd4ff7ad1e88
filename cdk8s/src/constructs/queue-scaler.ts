import { ApiObject } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { workloadLabels } from '../labels';

/** Where the scaler reads the broker URL: one key of a Secret in the workload's namespace. */
export interface SecretKeyRef {
  readonly secretName: string;
  readonly key: string;
}

export interface QueueScalerProps {
  /** The Deployment to scale; it must leave `replicas` to this scaler (Microservice scaling `external`). */
  readonly target: kplus.Deployment;
  /** RabbitMQ queue whose backlog drives the scale. */
  readonly queueName: string;
  /** The AMQP URL (amqp:// or amqps://, credentials and vhost included). */
  readonly brokerUrl: SecretKeyRef;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /**
   * Ready messages per replica the scaler aims at.
   * @default 20
   */
  readonly messagesPerReplica?: number;
  /**
   * Seconds between two looks at the queue.
   * @default 15
   */
  readonly pollingIntervalSeconds?: number;
  /**
   * Seconds the queue must stay drained before scaling back down.
   * @default 300
   */
  readonly cooldownSeconds?: number;
}

/**
 * Scales a queue consumer on the depth of its RabbitMQ queue with a KEDA ScaledObject (keda.sh/v1alpha1)
 * and its TriggerAuthentication, instead of on CPU: a backlog of images is work waiting whatever the
 * CPU of the current replicas says. KEDA owns the HPA it creates; requires KEDA 2.x in the cluster.
 */
export class QueueScaler extends Construct {
  readonly scaledObject: ApiObject;
  readonly triggerAuthentication: ApiObject;

  constructor(scope: Construct, id: string, props: QueueScalerProps) {
    super(scope, id);
    const name = props.target.name;
    const messagesPerReplica = props.messagesPerReplica ?? 20;
    if (!Number.isInteger(props.minReplicas) || props.minReplicas < 0) {
      throw new Error(`QueueScaler ${name}: minReplicas must be an integer >= 0`);
    }
    if (props.maxReplicas < Math.max(1, props.minReplicas)) {
      throw new Error(`QueueScaler ${name}: maxReplicas must be >= max(1, minReplicas)`);
    }
    if (!Number.isInteger(messagesPerReplica) || messagesPerReplica < 1) {
      throw new Error(`QueueScaler ${name}: messagesPerReplica must be an integer >= 1`);
    }
    if (props.queueName.length === 0) throw new Error(`QueueScaler ${name}: queueName must not be empty`);
    const labels = workloadLabels(name, 'worker');

    this.triggerAuthentication = new ApiObject(this, 'trigger-authentication', {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication',
      metadata: { name: `${name}-rabbitmq`, labels },
      spec: {
        secretTargetRef: [{ parameter: 'host', name: props.brokerUrl.secretName, key: props.brokerUrl.key }],
      },
    });

    this.scaledObject = new ApiObject(this, 'scaled-object', {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name, labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicaCount: props.minReplicas,
        maxReplicaCount: props.maxReplicas,
        pollingInterval: props.pollingIntervalSeconds ?? 15,
        cooldownPeriod: props.cooldownSeconds ?? 300,
        triggers: [
          {
            type: 'rabbitmq',
            metadata: {
              protocol: 'amqp',
              queueName: props.queueName,
              mode: 'QueueLength',
              value: String(messagesPerReplica),
            },
            authenticationRef: { name: `${name}-rabbitmq` },
          },
        ],
      },
    });
  }
}
