import type { IncomingMessage } from 'node:http';
import type { ExportResult } from '@opentelemetry/core';
import type { InstrumentationBase } from '@opentelemetry/instrumentation';
import type { NodeTracerProvider, ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';

type Env = Readonly<Record<string, string | undefined>>;

/** Requests nobody wants a trace of: probes and scrapes every few seconds. */
const UNTRACED_PATH = /\/(health\/(live|ready)|metrics)\/?$/;

/**
 * Whether this process traces: an OTLP endpoint is configured (OpenTelemetry's own variables) and
 * the SDK is not switched off. Without one, nothing of the SDK is loaded: tests, benchmarks and
 * services started without a collector pay nothing but the tiny API's no-op calls.
 */
export function tracingEnabled(env: Env = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim());
}

/** Where spans go: the traces endpoint as given, or `/v1/traces` under the general one (OTLP/HTTP's rule). */
export function tracesEndpoint(env: Env): string {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  return `${(env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '').trim().replace(/\/+$/, '')}/v1/traces`;
}

export interface Telemetry {
  /** Exports what is buffered and stops tracing. */
  shutdown(): Promise<void>;
}

export interface TelemetryOptions {
  /** Which incoming requests get a server span. @default every one but probes and scrapes */
  readonly traceIncoming?: (request: IncomingMessage) => boolean;
}

let started: Telemetry | undefined;

/**
 * Set by a service bundle (scripts/build/bundle-services.mjs): its own copy of a module by name
 * (`@nestjs/core/nest-factory.js`), or undefined for one it leaves to Node's loader.
 */
const BUNDLED_MODULES = Symbol.for('platform.bundled-modules');
type BundledModules = (name: string) => unknown;

/**
 * The instrumentations patch modules as Node's loader requires them; a bundle's own modules never
 * pass through it (Nest's core, in a service bundle), so they are patched here, as the loader hook
 * would have patched them (pg, http and whatever else the bundle leaves to Node still go that way).
 */
function patchBundledModules(instrumentations: readonly InstrumentationBase[]): void {
  const bundled = (globalThis as Record<symbol, BundledModules | undefined>)[BUNDLED_MODULES];
  if (!bundled) return;
  for (const instrumentation of instrumentations) {
    for (const definition of instrumentation.getModuleDefinitions()) {
      const packageJson = bundled(`${definition.name}/package.json`) as { version?: string } | undefined;
      const exports = bundled(definition.name);
      if (!packageJson || !exports) continue;
      definition.patch?.(exports, packageJson.version);
      for (const file of definition.files) {
        const fileExports = bundled(file.name);
        if (fileExports) file.patch(fileExports, packageJson.version);
      }
    }
  }
}

/**
 * The OTLP/HTTP protobuf exporter, loaded with its protobuf serializer when the first batch is
 * exported rather than at start-up: about a quarter of the SDK's load time moves out of the way to
 * readiness (docs/decisions/observability.md has the figures).
 */
class DeferredOtlpExporter implements SpanExporter {
  private exporter?: SpanExporter;

  constructor(private readonly url: string) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    if (!this.exporter) {
      /* eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above */
      const exporterModule = require('@opentelemetry/exporter-trace-otlp-proto');
      const { OTLPTraceExporter } = exporterModule as typeof import('@opentelemetry/exporter-trace-otlp-proto');
      this.exporter = new OTLPTraceExporter({ url: this.url });
    }
    this.exporter.export(spans, done);
  }

  shutdown(): Promise<void> {
    return this.exporter?.shutdown() ?? Promise.resolve();
  }

  forceFlush(): Promise<void> {
    return this.exporter?.forceFlush?.() ?? Promise.resolve();
  }
}

/**
 * Starts the OpenTelemetry tracing SDK for `service` if `tracingEnabled`: spans go over OTLP/HTTP
 * (protobuf) to OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT in batches (OTEL_BSP_*), sampled by
 * OTEL_TRACES_SAMPLER/OTEL_TRACES_SAMPLER_ARG (default: parent-based, always on), W3C trace context
 * propagation. Instruments incoming and outgoing HTTP (the server span is named after the route
 * template by service-kit), NestJS handlers and PostgreSQL queries made inside a traced operation.
 *
 * Must run before the instrumented modules (http, pg, @nestjs/core) are first required: each
 * entry point imports its `tracing.ts` first (docs/decisions/observability.md says why not `--require`).
 */
export function startTelemetry(
  service: string,
  env: Env = process.env,
  options: TelemetryOptions = {},
): Telemetry | undefined {
  if (started || !tracingEnabled(env)) return started;
  // Required here rather than imported: a process without an endpoint never loads the SDK.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const sdk = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const resources = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { registerInstrumentations } =
    require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { NestInstrumentation } =
    require('@opentelemetry/instrumentation-nestjs-core') as typeof import('@opentelemetry/instrumentation-nestjs-core');
  /* eslint-enable @typescript-eslint/no-require-imports */

  const resource = resources
    .defaultResource()
    .merge(resources.resourceFromAttributes({ 'service.name': service, 'service.namespace': 'learning-platform' }))
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (e.g. the pod's name and namespace) win.
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  const provider: NodeTracerProvider = new sdk.NodeTracerProvider({
    resource,
    // Endpoint and batch delay from `env` (the SDK would read process.env: not the same in `npm start`'s runner).
    spanProcessors: [
      new sdk.BatchSpanProcessor(new DeferredOtlpExporter(tracesEndpoint(env)), {
        scheduledDelayMillis: Number(env.OTEL_BSP_SCHEDULE_DELAY) || undefined,
      }),
    ],
  });
  provider.register();
  const instrumentations = [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request) =>
        UNTRACED_PATH.test((request.url ?? '').split('?', 1)[0]) || options.traceIncoming?.(request) === false,
      // Calls made by background work (a JWKS refresh, the S3 client's housekeeping) are not traces of their own.
      requireParentforOutgoingSpans: true,
    }),
    // Only queries of a traced request or message: the relay's poll and the pool's housekeeping
    // would otherwise start a trace of their own every second.
    new PgInstrumentation({ requireParentSpan: true }),
    new NestInstrumentation(),
  ];
  const unregister = registerInstrumentations({ tracerProvider: provider, instrumentations });
  patchBundledModules(instrumentations);
  const telemetry: Telemetry = {
    shutdown: async () => {
      unregister();
      await provider.shutdown();
    },
  };
  // The last spans of a process that stops: exported once its work is done, before it exits.
  process.once('beforeExit', () => void telemetry.shutdown().catch(() => undefined));
  started = telemetry;
  return telemetry;
}
