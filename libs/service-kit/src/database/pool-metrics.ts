import { MikroORM } from '@mikro-orm/core';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PLATFORM_METRICS } from '@platform/contracts';
import { BaseServiceConfig } from '../config/base-service.config';
import { gauge } from '../metrics/metrics-registry';

/** What knex's pool (tarn) tells about itself; MikroORM 6's PostgreSQL driver runs on knex. */
interface PoolStats {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/** The pool of the app that started last in this process (tests start several, one after another). */
let currentPool: (() => PoolStats | undefined) | undefined;
let currentMax = 0;

/**
 * The database pool's saturation for /metrics, read at scrape time, named after OpenTelemetry's
 * database client conventions (db.client.connection.*): connections in use and idle, the
 * configured maximum, and requests waiting for a connection (the pool is exhausted).
 */
@Injectable()
export class DatabasePoolMetrics implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly config: BaseServiceConfig,
  ) {}

  onModuleInit(): void {
    const connection = this.orm.em.getConnection() as unknown as { getKnex(): { client: { pool?: PoolStats } } };
    currentPool = () => connection.getKnex().client.pool;
    currentMax = this.config.DATABASE_POOL_MAX;
    gauge({
      name: PLATFORM_METRICS.dbConnectionCount.name,
      help: 'Connections of the database pool, by state (used, idle)',
      labelNames: ['state'],
      collect() {
        const pool = currentPool?.();
        this.set({ state: 'used' }, pool?.numUsed() ?? 0);
        this.set({ state: 'idle' }, pool?.numFree() ?? 0);
      },
    });
    gauge({
      name: PLATFORM_METRICS.dbConnectionMax.name,
      help: 'Most connections the database pool opens (DATABASE_POOL_MAX)',
      collect() {
        this.set(currentMax);
      },
    });
    gauge({
      name: PLATFORM_METRICS.dbConnectionPendingRequests.name,
      help: 'Queries waiting for a connection of the exhausted pool',
      collect() {
        this.set(currentPool?.()?.numPendingAcquires() ?? 0);
      },
    });
  }
}
