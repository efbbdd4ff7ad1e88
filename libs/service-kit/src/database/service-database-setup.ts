import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type { ConnectionOptions } from 'node:tls';
import { IsInt, IsOptional, IsUrl, Min } from 'class-validator';
import { Client } from 'pg';
import { DatabaseTlsConfig } from '../config/base-service.config';
import { NumberFromEnv } from '../config/config-transforms';
import { ConfigValidationError } from '../config/config-validation.error';

/** What `migrate setup` reads besides the service's own settings (in clusters: Secret `database-admin`). */
export class DatabaseSetupConfig extends DatabaseTlsConfig {
  /** The server's admin URL (RDS master user), without a database name. */
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['postgres', 'postgresql'] },
    { message: 'DATABASE_ADMIN_URL must be a postgres:// URL' },
  )
  DATABASE_ADMIN_URL!: string;

  /** CONNECTION LIMIT of the service's role; unset means none. */
  @IsOptional()
  @NumberFromEnv()
  @IsInt()
  @Min(1)
  DATABASE_CONNECTION_LIMIT?: number;
}

export interface ServiceDatabaseSetup {
  readonly adminUrl: string;
  /** The service's own URL: its user name is the role, its password the role's password. */
  readonly serviceUrl: string;
  readonly database: string;
  readonly connectionLimit?: number;
  /** TLS options for the admin connection (databaseTlsOptions), or none. */
  readonly ssl?: ConnectionOptions;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates or updates a service's role and database, idempotently, as the admin: the role logs in
 * with the password of the service's URL (rotated when it changed), holds no other attribute
 * (no superuser, database or role creation), is capped at its connection budget, owns the
 * database and everything in its public schema; nobody else may connect to the database.
 * The migration Job runs it before `migrate up`, which then needs no admin rights.
 */
export async function setUpServiceDatabase(setup: ServiceDatabaseSetup): Promise<void> {
  const url = new URL(setup.serviceUrl);
  const role = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const problems: string[] = [];
  if (!IDENTIFIER.test(role)) problems.push(`DATABASE_URL: user "${role}" must be a lower-case SQL identifier`);
  if (password.length < 16) problems.push('DATABASE_URL: the password must be at least 16 characters');
  if (!IDENTIFIER.test(setup.database))
    problems.push(`DATABASE_NAME "${setup.database}" must be a lower-case SQL identifier`);
  if (new URL(setup.adminUrl).username === role) problems.push('DATABASE_URL must not use the admin user');
  if (/^(pg_|rds)/.test(role)) problems.push(`DATABASE_URL: user "${role}" is a name PostgreSQL or RDS reserves`);
  if (problems.length > 0) throw new ConfigValidationError(problems);

  const admin = (database: string) => {
    const target = new URL(setup.adminUrl);
    target.pathname = `/${database}`;
    return new Client({ connectionString: target.href, ssl: setup.ssl });
  };
  const client = admin('postgres');
  await client.connect();
  try {
    const quotedRole = client.escapeIdentifier(role);
    const quotedDatabase = client.escapeIdentifier(setup.database);
    const attributes = [
      'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION',
      `CONNECTION LIMIT ${setup.connectionLimit ?? -1}`,
      // A SCRAM verifier, not the password: statement logs (slow-query logging) never see it.
      `PASSWORD ${client.escapeLiteral(scramSha256Verifier(password))}`,
    ].join(' ');
    const { rows: existing } = await client.query<{ powerful: boolean }>(
      'SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls AS powerful FROM pg_roles WHERE rolname = $1',
      [role],
    );
    // Never take over (and demote) a role someone made with more rights than a service's.
    if (existing[0]?.powerful) {
      throw new ConfigValidationError([
        `DATABASE_URL: role "${role}" exists with administrative rights; refusing to use it`,
      ]);
    }
    const roleExists = existing.length > 0;
    await client.query(`${roleExists ? 'ALTER' : 'CREATE'} ROLE ${quotedRole} WITH ${attributes}`);
    // To make the role a database owner the admin must be able to act as it (RDS's master is no superuser).
    await client.query(`GRANT ${quotedRole} TO CURRENT_USER`);
    const { rows: databases } = await client.query<{ owner: string; admin: string }>(
      'SELECT pg_get_userbyid(datdba) AS owner, current_user AS admin FROM pg_database WHERE datname = $1',
      [setup.database],
    );
    const database = databases[0];
    if (!database) {
      await client.query(`CREATE DATABASE ${quotedDatabase} OWNER ${quotedRole}`);
    } else if (database.owner === database.admin) {
      // Made before per-service roles, by the admin: hand it over.
      await client.query(`ALTER DATABASE ${quotedDatabase} OWNER TO ${quotedRole}`);
    } else if (database.owner !== role) {
      // Another service's database (a wrong DATABASE_NAME): never hand it to this role.
      throw new ConfigValidationError([
        `DATABASE_NAME: database "${setup.database}" belongs to role "${database.owner}", not "${role}"`,
      ]);
    }
    await client.query(`REVOKE ALL ON DATABASE ${quotedDatabase} FROM PUBLIC`);
  } finally {
    await client.end();
  }

  // Inside the database: the role owns the public schema and whatever an earlier deployment made
  // there as the admin (before per-service roles the master user ran the migrations).
  const inDatabase = admin(setup.database);
  await inDatabase.connect();
  try {
    const quotedRole = inDatabase.escapeIdentifier(role);
    await inDatabase.query(`ALTER SCHEMA public OWNER TO ${quotedRole}`);
    await inDatabase.query('REVOKE ALL ON SCHEMA public FROM PUBLIC');
    const { rows } = await inDatabase.query<{ kind: string; name: string }>(
      `SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind,
              c.relname AS name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))`,
    );
    for (const { kind, name } of rows) {
      await inDatabase.query(`ALTER ${kind} public.${inDatabase.escapeIdentifier(name)} OWNER TO ${quotedRole}`);
    }
  } finally {
    await inDatabase.end();
  }
}

/**
 * PostgreSQL's SCRAM-SHA-256 password verifier (RFC 5803 format, as `\password` in psql sends it).
 * Hand-written: node-postgres only implements the client side of SCRAM, and the format is five
 * standard primitives.
 */
export function scramSha256Verifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
