import { type DynamicModule, Logger, type Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { managementPortOf } from '@platform/contracts';
import { createServiceApp, managementListenerOf, type ServiceAppOptions } from './create-service-app';
import { releaseStartUpMemory } from './start-up-memory';

const START_UP_MEMORY_RELEASE_DELAY_MS = 1000;

export interface BootstrapOptions extends ServiceAppOptions {
  /** Attaches message consumers (e.g. messaging's `connectEventConsumer`); they start before the HTTP listener. */
  readonly connectConsumers?: (app: NestFastifyApplication) => void;
  /**
   * Whether the process serves a public API on PORT. A process without one (media's worker) listens
   * on its management port only.
   * @default true
   */
  readonly publicApi?: boolean;
}

/**
 * `main.ts` of every service: build the app, start its consumers, listen on the public port (the
 * API) and the management port (health, metrics, OpenAPI; MANAGEMENT_PORT, default PORT + the
 * contracts' offset). Once listening, it gives back the memory start-up grew and no longer needs.
 */
export async function bootstrapService(
  module: Type | DynamicModule,
  options: BootstrapOptions,
): Promise<NestFastifyApplication> {
  const { config } = options;
  const managementPort = config.MANAGEMENT_PORT ?? managementPortOf(config.PORT);
  const publicApi = options.publicApi ?? true;
  if (publicApi && managementPort !== 0 && managementPort === config.PORT) {
    throw new Error(`MANAGEMENT_PORT (${managementPort}) must differ from PORT: the ingress routes PORT only`);
  }
  const app = await createServiceApp(module, options);
  if (options.connectConsumers) {
    options.connectConsumers(app);
    await app.startAllMicroservices();
  }
  const logger = new Logger('Bootstrap');
  if (publicApi) {
    await app.listen(config.PORT, config.HOST);
    logger.log(`${options.title} listening on http://${config.HOST}:${config.PORT}${options.routePrefix}`);
  } else {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  }
  await managementListenerOf(app).listen(managementPort, config.HOST);
  logger.log(
    `${options.title} health, metrics and docs on http://${config.HOST}:${managementPort}${options.routePrefix}`,
  );
  // A moment after becoming ready, so that the collection does not hold back the first ready answers;
  // traffic reaches a pod only once a readiness probe has seen it ready.
  const releasing = setTimeout(() => {
    releaseStartUpMemory().then(
      ({ heapBefore, heapAfter, bytecodeBefore, bytecodeAfter, durationMs }) =>
        logger.log(
          `start-up memory released: V8 heap ${mebibytes(heapBefore)} → ${mebibytes(heapAfter)} MiB, ` +
            `bytecode ${mebibytes(bytecodeBefore)} → ${mebibytes(bytecodeAfter)} MiB in ${Math.round(durationMs)} ms`,
        ),
      (error: unknown) => logger.warn(`start-up memory not released: ${(error as Error).message}`),
    );
  }, START_UP_MEMORY_RELEASE_DELAY_MS);
  releasing.unref();
  return app;
}

function mebibytes(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}
