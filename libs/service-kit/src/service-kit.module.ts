import { MikroOrmModule } from '@mikro-orm/nestjs';
import type { Options } from '@mikro-orm/postgresql';
import { type DynamicModule, Global, Module, type Provider, type Type, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { BaseServiceConfig } from './config/base-service.config';
import { DatabaseReadiness } from './database/database-readiness';
import { DatabasePoolMetrics } from './database/pool-metrics';
import { PreparedStatements } from './database/prepared-statements';
import { AllExceptionsFilter } from './errors/all-exceptions.filter';
import { DependencyMetrics } from './health/dependency-metrics';
import { HealthController } from './health/health.controller';
import { ReadinessRegistry } from './health/readiness.registry';
import { ShutdownDrainService } from './health/shutdown-drain.service';
import { createServiceLogger, SERVICE_LOGGER } from './logging/service-logger';
import { MetricsController } from './metrics/metrics.controller';
import { SERVICE_NAME } from './service-name.token';

export interface ServiceKitOptions<TConfig extends BaseServiceConfig> {
  /** The service's name from libs/contracts. */
  readonly service: string;
  /** The validated configuration; injectable by its own class and as BaseServiceConfig. */
  readonly config: TConfig;
  /** The service's MikroORM options (createOrmConfig); omitted by a service without a database. */
  readonly orm?: Options;
}

/** Strict input: unknown fields are refused, types are converted from JSON/query strings. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
  });
}

/**
 * Everything a service shares with the others, as one global module: config, logging with request
 * and correlation ids, validation, the error filter, health, metrics (dependencies included), and the
 * service's database.
 */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot<TConfig extends BaseServiceConfig>(options: ServiceKitOptions<TConfig>): DynamicModule {
    const logger = createServiceLogger(options.service, options.config.LOG_LEVEL);
    const configProviders: Provider[] = [
      { provide: BaseServiceConfig, useValue: options.config },
      { provide: options.config.constructor as Type<TConfig>, useValue: options.config },
      { provide: SERVICE_NAME, useValue: options.service },
      { provide: SERVICE_LOGGER, useValue: logger },
    ];
    const imports: Array<DynamicModule | Promise<DynamicModule>> = [
      // Nest's Logger writes through the service's logger. No routes for pino-http's middleware:
      // the request log is createServiceApp's onResponse hook (logging/request-log.ts says why).
      LoggerModule.forRoot({ pinoHttp: { logger }, forRoutes: [] }),
    ];
    const databaseProviders: Provider[] = [];
    if (options.orm) {
      // The request context is installRequestScope's (createServiceApp): lazily forked, no middleware.
      imports.push(MikroOrmModule.forRoot({ ...options.orm, registerRequestContext: false }));
      databaseProviders.push(DatabaseReadiness, DatabasePoolMetrics, PreparedStatements);
    }
    return {
      module: ServiceKitModule,
      imports,
      controllers: [HealthController, MetricsController],
      providers: [
        ...configProviders,
        ...databaseProviders,
        ReadinessRegistry,
        DependencyMetrics,
        ShutdownDrainService,
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
      exports: [...configProviders, ReadinessRegistry, ...(options.orm ? [PreparedStatements] : [])],
    };
  }
}
