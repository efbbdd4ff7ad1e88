import { MikroORM } from '@mikro-orm/core';
import { type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import type { BaseServiceConfig } from '../config/base-service.config';
import { instrumentHttp } from '../metrics/http-metrics';
import { startDefaultMetrics } from '../metrics/metrics-registry';
import { installRequestScope } from '../context/request-scope';
import { installRequestLog } from '../logging/request-log';
import { SERVICE_LOGGER } from '../logging/service-logger';
import { setUpOpenApi } from '../openapi/openapi';
import { installJsonBodyParser } from './json-body-parser';
import { ManagementListener } from './management-listener';
import { installOversizedBodyDrain, OVERSIZED_BODY_DRAIN_FACTOR } from './oversized-body';
import { applySecurityHeaders, helmetHeaders } from './security-headers';

const managementListeners = new WeakMap<NestFastifyApplication, ManagementListener>();

/** The management port's side of an app built by createServiceApp (health, metrics, OpenAPI). */
export function managementListenerOf(app: NestFastifyApplication): ManagementListener {
  const listener = managementListeners.get(app);
  if (!listener) throw new Error('this app was not built by createServiceApp');
  return listener;
}

export interface ServiceAppOptions {
  /** Public route prefix from libs/contracts, e.g. `/api/identity`. */
  readonly routePrefix: string;
  /** Title of the OpenAPI document. */
  readonly title: string;
  readonly config: BaseServiceConfig;
  /** OpenAPI entries of routes the service registers on Fastify itself, outside its controllers. */
  readonly openApiPaths?: OpenAPIObject['paths'];
}

/**
 * Builds a configured (not yet listening) NestJS app on Fastify: what `main.ts` starts and what
 * black-box tests drive over real HTTP. The same code path in both, so tests see production behaviour.
 * Its API answers on the public server (`app.getHttpServer()`), its health, metrics and OpenAPI on
 * the management server (`managementListenerOf(app).httpServer`).
 */
export async function createServiceApp(
  module: Type | DynamicModule,
  options: ServiceAppOptions,
): Promise<NestFastifyApplication> {
  const { config } = options;
  const management = new ManagementListener(options.routePrefix);
  const adapter = new FastifyAdapter({
    serverFactory: management.serverFactory,
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Behind the ingress: the client address is the X-Forwarded-For entry the ingress added, not one
    // the client sent (`true` would take the leftmost, which the client chooses).
    trustProxy: config.TRUSTED_PROXY_HOPS,
    // The request log names the caller's x-request-id or a UUID; Fastify's own counter ids are not
    // unique across pods.
    requestIdHeader: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { bufferLogs: true });
  managementListeners.set(app, management);
  management.install(app.getHttpAdapter().getInstance());
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.setGlobalPrefix(options.routePrefix.replace(/^\//, ''));
  installJsonBodyParser(app, config.BODY_LIMIT_BYTES);
  installOversizedBodyDrain(app.getHttpAdapter().getInstance(), config.BODY_LIMIT_BYTES * OVERSIZED_BODY_DRAIN_FACTOR);
  installRequestScope(app.getHttpAdapter().getInstance(), ormOf(app)?.em);
  installRequestLog(app.getHttpAdapter().getInstance(), app.get<PinoLogger>(SERVICE_LOGGER));
  // helmet's headers, worked out once instead of on every request (see security-headers.ts).
  applySecurityHeaders(app.getHttpAdapter().getInstance(), await helmetHeaders());
  // CORS only where browsers are meant to call the API cross-origin: with no allowed origin,
  // @fastify/cors would still run its hook on every request just to decide to do nothing (and a
  // preflight gets the same 404 without it as with `origin: false`).
  if (config.CORS_ORIGINS.length > 0) {
    app.enableCors({
      origin: config.CORS_ORIGINS,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'x-correlation-id', 'idempotency-key'],
      exposedHeaders: ['x-correlation-id'],
      maxAge: 600,
    });
  }
  startDefaultMetrics();
  instrumentHttp(app.getHttpAdapter().getInstance());
  if (config.OPENAPI_ENABLED) {
    setUpOpenApi(app, options.routePrefix, options.title, options.openApiPaths);
  }
  app.enableShutdownHooks();
  return app;
}

/** The service's MikroORM, if it has a database (ServiceKitModule's `orm`). */
function ormOf(app: NestFastifyApplication): MikroORM | undefined {
  try {
    return app.get(MikroORM, { strict: false });
  } catch {
    return undefined;
  }
}
