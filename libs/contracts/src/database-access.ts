import type { BackendServiceName } from './services';

/**
 * How the services reach PostgreSQL in clusters: each as its own role, owner of its own database
 * and allowed into no other. A service's pods and its migration Job read `DATABASE_URL` (that
 * role's URL, without a database name) from the Secret `<service>-database`; the server's admin
 * URL is in the Secret `database-admin`, read only by the `setup-database` step of each migration
 * Job, which creates or updates the role and its database before the migrations run. Locally
 * (`npm start`, tests) DATABASE_URL is the local server's superuser and no setup runs.
 */
export const DATABASE_ADMIN_SECRET = 'database-admin';
export const DATABASE_ADMIN_URL_KEY = 'DATABASE_ADMIN_URL';
export const DATABASE_URL_KEY = 'DATABASE_URL';

/** Secret holding the service's own `DATABASE_URL`. */
export function serviceDatabaseSecret(service: BackendServiceName): string {
  return `${service}-database`;
}

/** The PostgreSQL role a service logs in as in clusters. */
export function serviceDatabaseRole(service: BackendServiceName): string {
  return `${service}_service`;
}

export interface DatabaseConnectionBudget {
  /** DATABASE_POOL_MAX of each of the service's processes in a cluster. */
  readonly poolMax: number;
  /**
   * CONNECTION LIMIT of the service's role: every pod at the autoscalers' maxima with full pools,
   * plus its migration Job (cdk8s/test checks it against the chart's replica maxima).
   */
  readonly connectionLimit: number;
}

/**
 * The connections each service may hold in a cluster. The server must allow their sum plus
 * DATABASE_RESERVED_CONNECTIONS (Pulumi checks the RDS instance class can, and sets max_connections).
 */
export const DATABASE_CONNECTION_BUDGET: Readonly<Record<BackendServiceName, DatabaseConnectionBudget>> = {
  identity: { poolMax: 5, connectionLimit: 55 },
  catalog: { poolMax: 5, connectionLimit: 55 },
  progress: { poolMax: 5, connectionLimit: 55 },
  // media and media-worker share the role.
  media: { poolMax: 5, connectionLimit: 85 },
};

/** Connections kept for the admin (the setup step, an SRE's psql) and RDS's own superuser slots. */
export const DATABASE_RESERVED_CONNECTIONS = 15;

/** max_connections the server needs for the budget above. */
export function databaseMaxConnections(): number {
  return (
    Object.values(DATABASE_CONNECTION_BUDGET).reduce((sum, budget) => sum + budget.connectionLimit, 0) +
    DATABASE_RESERVED_CONNECTIONS
  );
}
