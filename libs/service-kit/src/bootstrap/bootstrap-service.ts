import { type DynamicModule, Logger, type Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp, type ServiceAppOptions } from './create-service-app';

/** `main.ts` of every service: build the app and listen on the configured port. */
export async function bootstrapService(
  module: Type | DynamicModule,
  options: ServiceAppOptions,
): Promise<NestFastifyApplication> {
  const app = await createServiceApp(module, options);
  await app.listen(options.config.PORT, options.config.HOST);
  new Logger('Bootstrap').log(
    `${options.title} listening on http://${options.config.HOST}:${options.config.PORT}${options.routePrefix}`,
  );
  return app;
}
