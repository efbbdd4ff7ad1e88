import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';
import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { type BaseServiceConfig, createServiceApp, loadConfig, managementListenerOf } from '@platform/service-kit';
import { createTestDatabase, testEnvironment } from '@platform/testing';
import { fetchOpenApiDocument } from './openapi-document';
import { installResponseValidation, ResponseValidator } from './response-validation';

export interface ServiceUnderTest<TConfig> {
  readonly app: NestFastifyApplication;
  /** The management port's server: health, metrics and OpenAPI (the app's public server answers them 404). */
  readonly management: Server;
  readonly config: TConfig;
  readonly orm: MikroORM;
  /**
   * Answers that broke the service's OpenAPI document (each also answered as a 500 naming the
   * problem); `close` fails while there are any.
   */
  readonly contractProblems: readonly string[];
  /** What `/health/ready` on the management port says of one dependency ('up', 'down'), if anything. */
  dependencyState(name: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export interface ServiceUnderTestOptions<TConfig extends BaseServiceConfig> {
  readonly name: string;
  readonly routePrefix: string;
  readonly configClass: new () => TConfig;
  readonly module: (config: TConfig) => DynamicModule;
  readonly env?: Record<string, string>;
  /** Attach event consumers before start (messaging's connectEventConsumer). */
  readonly connectConsumers?: (app: NestFastifyApplication) => void;
  /** Routes registered on Fastify directly that describe themselves, as main.ts passes them. */
  readonly openApiPaths?: OpenAPIObject['paths'];
}

/**
 * A service as deployed, in-process: its own fresh database migrated by the service's committed
 * migrations, the machine's broker (own exchange), real HTTP through the same bootstrap as main.ts.
 */
export async function startServiceUnderTest<TConfig extends BaseServiceConfig>(
  options: ServiceUnderTestOptions<TConfig>,
): Promise<ServiceUnderTest<TConfig>> {
  const database = await createTestDatabase(options.name);
  const config = loadConfig(options.configClass, testEnvironment({ DATABASE_NAME: database.name, ...options.env }));
  const app = await createServiceApp(options.module(config), {
    routePrefix: options.routePrefix,
    title: options.name,
    config,
    openApiPaths: options.openApiPaths,
  });
  // Every answer of the test is checked against the document the service serves (set once it listens).
  let validator: ResponseValidator | undefined;
  const contractProblems = installResponseValidation(app.getHttpAdapter().getInstance(), () => validator);
  const orm = app.get<MikroORM>(MikroORM);
  await orm.getMigrator().up();
  if (options.connectConsumers) {
    options.connectConsumers(app);
    await app.startAllMicroservices();
  }
  // Listening on real ports: supertest then reuses them instead of starting a server per request.
  await app.listen(0, '127.0.0.1');
  const management = managementListenerOf(app);
  await management.listen(0, '127.0.0.1');
  if (config.OPENAPI_ENABLED)
    validator = new ResponseValidator(await fetchOpenApiDocument(management.httpServer, options.routePrefix));
  return {
    app,
    management: management.httpServer,
    contractProblems,
    dependencyState: async (name) => {
      const { port } = management.httpServer.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}${options.routePrefix}/health/ready`);
      const body = (await response.json()) as { details?: Record<string, { status: string }> };
      return body.details?.[name]?.status;
    },
    config,
    orm,
    close: async () => {
      await app.close();
      await database.drop();
      if (contractProblems.length > 0)
        throw new Error(`${options.name} answered against its OpenAPI document:\n${contractProblems.join('\n')}`);
    },
  };
}
