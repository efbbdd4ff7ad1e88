import { defineConfig, type Options } from '@mikro-orm/postgresql';
import type { BaseServiceConfig } from '../config/base-service.config';
import { databaseTlsOptions } from './database-tls';

export interface ServiceOrmOptions {
  /** Every entity class the service owns (one defineConfig per service, STYLE.md). */
  readonly entities: NonNullable<Options['entities']>;
  /** Folder of the service's generated migrations (`join(__dirname, 'migrations')`). */
  readonly migrationsPath: string;
}

/**
 * MikroORM options for a service's own database. Used by the app (MikroOrmModule), by the `migrate`
 * command and by tests, so all three see the same schema.
 */
export function createOrmConfig(config: BaseServiceConfig, options: ServiceOrmOptions): Options {
  const ssl = databaseTlsOptions(config);
  return defineConfig({
    clientUrl: config.DATABASE_URL,
    dbName: config.DATABASE_NAME,
    entities: options.entities,
    // No Migrator extension here: it loads umzug and ~250 modules a running service never uses. The
    // migrate command registers it; elsewhere `orm.migrator` loads @mikro-orm/migrations on first use.
    pool: { min: 0, max: config.DATABASE_POOL_MAX },
    driverOptions: ssl ? { connection: { ssl } } : {},
    forceUtcTimezone: true,
    // Migrations as compiled JS when running from dist/, as TypeScript under ts-jest; decided by how
    // this very file runs, not by environment variables a parent process (Jest) may leak.
    preferTs: __filename.endsWith('.ts'),
    // Request-scoped contexts only: a global EntityManager shared across requests leaks identity maps.
    allowGlobalContext: false,
    migrations: {
      path: options.migrationsPath,
      // Generated migrations belong in src/ even when the generator runs from the compiled dist/.
      pathTs: options.migrationsPath.replace(/([\\/])dist([\\/])/, '$1src$2'),
      glob: '!(*.d).{js,ts}',
      transactional: true,
      allOrNothing: true,
      // Only `migrate create` writes the schema snapshot (tests' throwaway databases must not).
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
  });
}
