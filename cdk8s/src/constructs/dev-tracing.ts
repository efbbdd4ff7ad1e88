import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DEV_INFRA_IMAGES } from '../images';
import { DevStatefulService } from './dev-stateful-service';

/** The collector's OTLP/HTTP port, where the platform's processes send their spans. */
export const OTLP_HTTP_PORT = 4318;
/** The collector's and Jaeger's OTLP/gRPC port (the collector exports to Jaeger on it). */
export const OTLP_GRPC_PORT = 4317;
const JAEGER_UI_PORT = 16686;
const COLLECTOR_CONFIG = 'otel-collector-config';

/** The dev collector: OTLP in, batched, to Jaeger over OTLP/gRPC (Jaeger speaks OTLP natively). */
function collectorConfig(jaegerHost: string): string {
  return [
    'receivers:',
    '  otlp:',
    '    protocols:',
    `      http: { endpoint: '0.0.0.0:${OTLP_HTTP_PORT}' }`,
    `      grpc: { endpoint: '0.0.0.0:${OTLP_GRPC_PORT}' }`,
    'processors:',
    '  memory_limiter: { check_interval: 1s, limit_percentage: 80, spike_limit_percentage: 25 }',
    '  batch: {}',
    'exporters:',
    '  otlp/jaeger:',
    `    endpoint: '${jaegerHost}:${OTLP_GRPC_PORT}'`,
    '    tls: { insecure: true }',
    'extensions:',
    "  health_check: { endpoint: '0.0.0.0:13133' }",
    'service:',
    '  extensions: [health_check]',
    '  pipelines:',
    '    traces: { receivers: [otlp], processors: [memory_limiter, batch], exporters: [otlp/jaeger] }',
    '',
  ].join('\n');
}

/**
 * Traces on a local cluster: the platform's processes → an OpenTelemetry Collector (`otel-collector`,
 * OTLP_HTTP_PORT) → Jaeger (UI on :16686, kept on a volume by Badger), as a cluster would run a
 * collector in front of its trace backend.
 */
export class DevTracing extends Construct {
  readonly jaeger: DevStatefulService;
  readonly collector: DevStatefulService;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.jaeger = new DevStatefulService(this, 'jaeger', {
      name: 'jaeger',
      image: DEV_INFRA_IMAGES.jaeger,
      ports: [
        { name: 'ui', port: JAEGER_UI_PORT },
        { name: 'otlp-grpc', port: OTLP_GRPC_PORT },
      ],
      user: 10001,
      env: {
        SPAN_STORAGE_TYPE: 'badger',
        BADGER_EPHEMERAL: 'false',
        BADGER_DIRECTORY_KEY: '/badger/key',
        BADGER_DIRECTORY_VALUE: '/badger/data',
        COLLECTOR_OTLP_ENABLED: 'true',
      },
      dataPath: '/badger',
      storageGibibytes: 2,
      memoryMebibytes: 512,
    });
    new kplus.ConfigMap(this, 'otel-collector-config', {
      metadata: { name: COLLECTOR_CONFIG },
      data: { 'config.yaml': collectorConfig(this.jaeger.name) },
    });
    this.collector = new DevStatefulService(this, 'otel-collector', {
      name: 'otel-collector',
      image: DEV_INFRA_IMAGES.otelCollector,
      args: ['--config=/etc/otelcol/config.yaml'],
      ports: [
        { name: 'otlp-http', port: OTLP_HTTP_PORT },
        { name: 'otlp-grpc', port: OTLP_GRPC_PORT },
      ],
      user: 10001,
      dataPath: '/var/lib/otelcol',
      persistent: false,
      configMounts: { '/etc/otelcol': COLLECTOR_CONFIG },
      memoryMebibytes: 256,
    });
  }
}
