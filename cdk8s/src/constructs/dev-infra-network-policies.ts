import { Construct } from 'constructs';
import { PART_OF } from '../labels';
import type { DevBackingServices } from './dev-backing-services';
import type { DevStatefulService } from './dev-stateful-service';
import { type DevTracing, OTLP_GRPC_PORT, OTLP_HTTP_PORT } from './dev-tracing';
import type { MinioBucketJob } from './minio-bucket-job';
import { WorkloadNetworkPolicy } from './workload-network-policy';

export interface DevInfraNetworkPoliciesProps {
  readonly backing: DevBackingServices;
  readonly tracing: DevTracing;
  readonly bucketJob: MinioBucketJob;
  /** Namespace of KEDA, whose operator reads the worker queue's depth from RabbitMQ. */
  readonly kedaNamespace: string;
}

/**
 * The flows a local cluster's backing services allow on top of the platform chart's default-deny
 * (which covers the whole namespace): the platform's pods in, KEDA to RabbitMQ, the collector to
 * Jaeger, and the bucket Job to MinIO.
 */
export class DevInfraNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: DevInfraNetworkPoliciesProps) {
    super(scope, id);
    const { backing, tracing } = props;
    const platformPods = { kind: 'pods', labels: { 'app.kubernetes.io/part-of': PART_OF } } as const;
    const allow = (service: DevStatefulService, port: number, extra: { kind: 'namespace'; name: string }[] = []) =>
      new WorkloadNetworkPolicy(this, `${service.name}-network`, {
        name: service.name,
        podLabels: service.selectorLabels,
        ingress: [{ peer: platformPods, tcpPorts: [port] }, ...extra.map((peer) => ({ peer, tcpPorts: [port] }))],
      });
    allow(backing.postgres, 5432);
    allow(backing.rabbitmq, 5672, [{ kind: 'namespace', name: props.kedaNamespace }]);
    allow(backing.minio, 9000);
    allow(backing.mailCatcher, 1025);
    allow(tracing.collector, OTLP_HTTP_PORT);
    new WorkloadNetworkPolicy(this, 'otel-collector-egress', {
      name: `${tracing.collector.name}-egress`,
      podLabels: tracing.collector.selectorLabels,
      egress: [{ peer: { kind: 'pods', labels: tracing.jaeger.selectorLabels }, tcpPorts: [OTLP_GRPC_PORT] }],
    });
    new WorkloadNetworkPolicy(this, 'jaeger-network', {
      name: tracing.jaeger.name,
      podLabels: tracing.jaeger.selectorLabels,
      ingress: [{ peer: { kind: 'pods', labels: tracing.collector.selectorLabels }, tcpPorts: [OTLP_GRPC_PORT] }],
    });
    new WorkloadNetworkPolicy(this, 'create-bucket-network', {
      name: props.bucketJob.name,
      podLabels: props.bucketJob.podSelectorLabels,
      egress: [{ peer: { kind: 'pods', labels: backing.minio.selectorLabels }, tcpPorts: [9000] }],
    });
  }
}
