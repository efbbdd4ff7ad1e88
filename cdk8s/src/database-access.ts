import {
  BACKEND_SERVICES,
  type BackendServiceName,
  DATABASE_ADMIN_SECRET,
  DATABASE_ADMIN_URL_KEY,
  DATABASE_CONNECTION_BUDGET,
  DATABASE_URL_KEY,
  SERVICE_ENTRY_POINTS,
  serviceDatabaseSecret,
} from '@platform/contracts';
import type { MigrationSetupStep } from './constructs/migration-job';
import type { SecretKeyRef } from './pod-hardening';

/**
 * How a service's pods and migration Job reach PostgreSQL (libs/contracts database-access.ts): its
 * own role's DATABASE_URL from Secret `<service>-database`, and a pool sized to its share of the
 * server's connections.
 */
export function serviceDatabaseEnv(service: BackendServiceName): {
  readonly env: Record<string, string>;
  readonly secretEnv: Record<string, SecretKeyRef>;
} {
  return {
    env: { DATABASE_POOL_MAX: String(DATABASE_CONNECTION_BUDGET[service].poolMax) },
    secretEnv: { DATABASE_URL: { secretName: serviceDatabaseSecret(service), key: DATABASE_URL_KEY } },
  };
}

/**
 * A backend service's own variables, the same on its Deployment and its migration Job: PORT,
 * DATABASE_NAME, SERVICE_NAME and its database access.
 */
export function backendServiceEnv(service: BackendServiceName): {
  readonly env: Record<string, string>;
  readonly secretEnv: Record<string, SecretKeyRef>;
} {
  const { port, database } = BACKEND_SERVICES[service];
  const access = serviceDatabaseEnv(service);
  return {
    env: { PORT: String(port), DATABASE_NAME: database, SERVICE_NAME: service, ...access.env },
    secretEnv: access.secretEnv,
  };
}

/**
 * The migration Job's first step: `migrate setup` as the database admin (Secret `database-admin`,
 * read by this step only) creates or updates the service's role, capped at its connection budget,
 * and its database.
 */
export function databaseSetupStep(service: BackendServiceName): MigrationSetupStep {
  return {
    command: ['node', SERVICE_ENTRY_POINTS.migrate, 'setup'],
    env: { DATABASE_CONNECTION_LIMIT: String(DATABASE_CONNECTION_BUDGET[service].connectionLimit) },
    secretEnv: { DATABASE_ADMIN_URL: { secretName: DATABASE_ADMIN_SECRET, key: DATABASE_ADMIN_URL_KEY } },
  };
}
