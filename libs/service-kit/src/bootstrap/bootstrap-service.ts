import { type DynamicModule, Logger, type Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp, type ServiceAppOptions } from './create-service-app';

export interface BootstrapOptions extends ServiceAppOptions {
  /** Attaches message consumers (e.g. messaging's `connectEventConsumer`); they start before the HTTP listener. */
  readonly connectConsumers?: (app: NestFastifyApplication) => void;
}

/** `main.ts` of every service: build the app, start its consumers, listen on the configured port. */
export async function bootstrapService(
  module: Type | DynamicModule,
  options: BootstrapOptions,
): Promise<NestFastifyApplication> {
  const app = await createServiceApp(module, options);
  if (options.connectConsumers) {
    options.connectConsumers(app);
    await app.startAllMicroservices();
  }
  await app.listen(options.config.PORT, options.config.HOST);
  new Logger('Bootstrap').log(
    `${options.title} listening on http://${options.config.HOST}:${options.config.PORT}${options.routePrefix}`,
  );
  return app;
}
