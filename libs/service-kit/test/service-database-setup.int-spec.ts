// `migrate setup`: each service's own role and database, made by the admin, on a private TLS-only
// PostgreSQL whose non-admin roles log in with passwords (the machine's server trusts every local
// login, so it could not show a password being checked).
import { Migration } from '@mikro-orm/migrations';
import { startTlsPostgres, type TlsPostgres, waitFor } from '@platform/testing';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { BaseServiceConfig, createOrmConfig, loadConfig, runMigrationCommand, scramSha256Verifier } from '../src';

class CreateThing extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table "thing" ("id" int primary key);');
  }
}

class SetupTestConfig extends BaseServiceConfig {}

describe('migrate setup: a role and a database of its own per service', () => {
  let server: TlsPostgres;

  beforeAll(async () => {
    server = await startTlsPostgres();
  });

  afterAll(async () => {
    await server?.stop();
  });

  const tls = () => ({ DATABASE_SSL: 'true', DATABASE_SSL_CA: server.caFile });
  const serviceUrl = (role: string, password: string) => `postgres://${role}:${password}@localhost:${server.port}`;
  const ormOptions = (database: string, url: string) => {
    const config = loadConfig(SetupTestConfig, {
      NODE_ENV: 'test',
      PORT: '0',
      AMQP_URL: 'amqp://127.0.0.1',
      DATABASE_URL: url,
      DATABASE_NAME: database,
      ...tls(),
    });
    const options = createOrmConfig(config, { entities: [], migrationsPath: __dirname });
    return {
      ...options,
      discovery: { warnWhenNoEntities: false },
      migrations: { ...options.migrations, migrationsList: [CreateThing] },
    };
  };
  const setup = (database: string, url: string, connectionLimit = '3') =>
    runMigrationCommand(ormOptions(database, url), ['setup'], {
      DATABASE_ADMIN_URL: server.adminUrl(),
      DATABASE_CONNECTION_LIMIT: connectionLimit,
      ...tls(),
    });
  /** Runs a query as the given URL on the database; answers the rows or the error message. */
  const as = async (url: string, database: string, sql: string): Promise<unknown> => {
    const client = new Client({
      connectionString: `${url}/${database}`,
      ssl: { ca: readFileSync(server.caFile, 'utf8') },
    });
    try {
      await client.connect();
      return (await client.query(sql)).rows;
    } catch (error) {
      return (error as Error).message;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  const admin = (database: string, sql: string) => as(server.adminUrl(), database, sql);

  let alpha: string;
  let beta: string;
  beforeAll(() => {
    alpha = serviceUrl('alpha_service', 'alpha-password-0123456789');
    beta = serviceUrl('beta_service', 'beta-password-0123456789');
  });

  it('creates a login role with no other power, capped at its budget, owning its new database', async () => {
    await setup('alpha', alpha);
    expect(
      await admin(
        'postgres',
        "select rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolconnlimit from pg_roles where rolname = 'alpha_service'",
      ),
    ).toEqual([
      {
        rolcanlogin: true,
        rolsuper: false,
        rolcreatedb: false,
        rolcreaterole: false,
        rolreplication: false,
        rolconnlimit: 3,
      },
    ]);
    expect(
      await admin('postgres', "select pg_get_userbyid(datdba) as owner from pg_database where datname = 'alpha'"),
    ).toEqual([{ owner: 'alpha_service' }]);
  });

  it('lets the service migrate and use its database with its own password, and nothing else', async () => {
    await runMigrationCommand(ormOptions('alpha', alpha), ['up']);
    expect(await as(alpha, 'alpha', 'insert into thing values (1) returning id')).toEqual([{ id: 1 }]);
    expect(await as(serviceUrl('alpha_service', 'wrong-password-0123456789'), 'alpha', 'select 1')).toMatch(
      /password authentication failed for user "alpha_service"/,
    );
    await setup('beta', beta);
    expect(await as(alpha, 'beta', 'select 1')).toMatch(/permission denied for database "?beta"?/);
    expect(await as(beta, 'alpha', 'select 1')).toMatch(/permission denied for database "?alpha"?/);
    expect(await as(alpha, 'alpha', 'create database sneaky')).toMatch(/permission denied to create database/);
    expect(await as(alpha, 'alpha', 'create role sneaky')).toMatch(/permission denied to create role/);
  });

  it('refuses connections over the role’s limit', async () => {
    // Earlier tests' sessions end asynchronously on the server side.
    await waitFor('alpha_service to hold no connection', async () => {
      const rows = (await admin(
        'postgres',
        "select 1 from pg_stat_activity where usename = 'alpha_service'",
      )) as unknown[];
      return rows.length === 0;
    });
    const held = await Promise.all(
      [1, 2, 3].map(async () => {
        const client = new Client({
          connectionString: `${alpha}/alpha`,
          ssl: { ca: readFileSync(server.caFile, 'utf8') },
        });
        client.on('error', () => undefined);
        await client.connect();
        return client;
      }),
    );
    try {
      expect(await as(alpha, 'alpha', 'select 1')).toMatch(/too many connections for role "alpha_service"/);
    } finally {
      await Promise.all(held.map((client) => client.end()));
    }
  });

  it('is idempotent and rotates the password when the service’s URL changes, keeping the data', async () => {
    const rotated = serviceUrl('alpha_service', 'alpha-rotated-password-0123456789');
    await setup('alpha', rotated, '5');
    await setup('alpha', rotated, '5');
    expect(await as(alpha, 'alpha', 'select 1')).toMatch(/password authentication failed/);
    expect(await as(rotated, 'alpha', 'select id from thing')).toEqual([{ id: 1 }]);
    expect(await admin('postgres', "select rolconnlimit from pg_roles where rolname = 'alpha_service'")).toEqual([
      { rolconnlimit: 5 },
    ]);
  });

  it('hands over a database an earlier deployment made as the admin, with its tables', async () => {
    await admin('postgres', 'create database gamma');
    await admin('gamma', 'create table legacy (id serial primary key, name text)');
    const gamma = serviceUrl('gamma_service', 'gamma-password-0123456789');
    await setup('gamma', gamma);
    expect(await as(gamma, 'gamma', 'alter table legacy add column extra int')).toEqual([]);
    expect(await as(gamma, 'gamma', "insert into legacy (name) values ('x') returning id")).toEqual([{ id: 1 }]);
  });

  it('never hands another service’s database, or a powerful role, to a service', async () => {
    // alpha's database under beta's URL (a wrong DATABASE_NAME): refused, alpha keeps it.
    await expect(setup('alpha', beta)).rejects.toThrow(
      /database "alpha" belongs to role "alpha_service", not "beta_service"/,
    );
    expect(
      await admin('postgres', "select pg_get_userbyid(datdba) as owner from pg_database where datname = 'alpha'"),
    ).toEqual([{ owner: 'alpha_service' }]);
    await admin('postgres', "create role mighty_service login createrole password 'mighty-password-0123456789'");
    await expect(setup('mighty', serviceUrl('mighty_service', 'mighty-password-0123456789'))).rejects.toThrow(
      /role "mighty_service" exists with administrative rights/,
    );
    expect(await admin('postgres', "select rolcreaterole from pg_roles where rolname = 'mighty_service'")).toEqual([
      { rolcreaterole: true },
    ]);
    await expect(setup('x', serviceUrl('rds_superuser', 'some-long-password-123'))).rejects.toThrow(/reserves/);
  });

  it('refuses a service URL that uses the admin, or a weak password, naming the problem', async () => {
    await expect(setup('delta', `postgres://postgres:some-long-password-123@localhost:${server.port}`)).rejects.toThrow(
      /DATABASE_URL must not use the admin user/,
    );
    await expect(setup('delta', serviceUrl('delta_service', 'short'))).rejects.toThrow(/at least 16 characters/);
    await expect(
      runMigrationCommand(ormOptions('delta', serviceUrl('delta_service', 'x'.repeat(20))), ['setup'], {}),
    ).rejects.toThrow(/DATABASE_ADMIN_URL must be a postgres:\/\/ URL/);
  });
});

describe('scramSha256Verifier', () => {
  // That PostgreSQL accepts it is shown above: every role there logs in through scram-sha-256 with it.
  it('has the RFC 5803 shape PostgreSQL stores, with the given salt and iterations, and a fresh salt by default', () => {
    expect(scramSha256Verifier('pencil', Buffer.alloc(16), 4096)).toMatch(
      /^SCRAM-SHA-256\$4096:AAAAAAAAAAAAAAAAAAAAAA==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/,
    );
    expect(scramSha256Verifier('pencil')).not.toBe(scramSha256Verifier('pencil'));
  });
});
