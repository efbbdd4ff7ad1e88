// Verify-full TLS to PostgreSQL, against a private server of this file that speaks TLS only (as RDS
// with rds.force_ssl) with a CA and server certificate the test makes: the right CA and host name
// connect and migrate; another CA, the RDS bundle, a host name the certificate does not name, or no
// TLS at all are refused.
import { Entity, MikroORM, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Migration } from '@mikro-orm/migrations';
import { startTlsPostgres, type TlsPostgres } from '@platform/testing';
import { BaseServiceConfig, ConfigValidationError, createOrmConfig, loadConfig, runMigrationCommand } from '../src';

@Entity({ tableName: 'tls_note' })
class TlsNote {
  @PrimaryKey({ type: 'uuid' })
  id: string = crypto.randomUUID();

  @Property({ type: 'text' })
  text = 'over TLS';
}

class CreateTlsNote extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table "tls_note" ("id" uuid not null primary key, "text" text not null);');
  }
}

class TlsTestConfig extends BaseServiceConfig {}

describe('PostgreSQL over verify-full TLS (a private TLS-only server)', () => {
  let server: TlsPostgres;

  beforeAll(async () => {
    server = await startTlsPostgres();
  });

  afterAll(async () => {
    await server?.stop();
  });

  const ormOptions = (env: Record<string, string>, host = 'localhost') => {
    const config = loadConfig(TlsTestConfig, {
      NODE_ENV: 'test',
      PORT: '0',
      AMQP_URL: 'amqp://127.0.0.1',
      DATABASE_URL: server.adminUrl(host),
      DATABASE_NAME: 'tls_service',
      ...env,
    });
    const options = createOrmConfig(config, { entities: [TlsNote], migrationsPath: __dirname });
    return { ...options, migrations: { ...options.migrations, migrationsList: [CreateTlsNote] } };
  };

  /** Connects with the options and answers what the server says, or why the connection failed. */
  const connectionOutcome = async (options: ReturnType<typeof ormOptions>): Promise<string> => {
    let orm: MikroORM | undefined;
    try {
      orm = await MikroORM.init({ ...options, dbName: 'postgres' });
      const [row] = await orm.em
        .getConnection()
        .execute<{ ssl: boolean }[]>('select ssl from pg_stat_ssl where pid = pg_backend_pid()');
      return row?.ssl ? 'connected over TLS' : 'connected without TLS';
    } catch (error) {
      return (error as Error).message;
    } finally {
      await orm?.close(true);
    }
  };

  it('connects with the CA of DATABASE_SSL_CA and the host name the certificate names, and migrates', async () => {
    const options = ormOptions({ DATABASE_SSL: 'true', DATABASE_SSL_CA: server.caFile });
    await expect(connectionOutcome(options)).resolves.toBe('connected over TLS');

    await runMigrationCommand(options, ['up']);
    const orm = await MikroORM.init(options);
    try {
      await orm.em.fork().persistAndFlush(new TlsNote());
      expect(await orm.em.fork().count(TlsNote)).toBe(1);
    } finally {
      await orm.close(true);
    }
  });

  it('refuses a server certificate from another CA', async () => {
    const outcome = await connectionOutcome(ormOptions({ DATABASE_SSL: 'true', DATABASE_SSL_CA: server.otherCaFile }));
    expect(outcome).toMatch(/unable to verify the first certificate|self[- ]signed certificate in certificate chain/);
  });

  it('trusts only the Amazon RDS roots when no CA is configured (so this server is refused)', async () => {
    const outcome = await connectionOutcome(ormOptions({ DATABASE_SSL: 'true' }));
    expect(outcome).toMatch(/unable to verify the first certificate|self[- ]signed certificate in certificate chain/);
  });

  it('refuses a host name the certificate does not name, even from the right CA', async () => {
    const outcome = await connectionOutcome(
      ormOptions({ DATABASE_SSL: 'true', DATABASE_SSL_CA: server.caFile }, '127.0.0.1'),
    );
    expect(outcome).toMatch(
      /Hostname\/IP does not match certificate's altnames: IP: 127\.0\.0\.1 is not in the cert's list/,
    );
  });

  it('is refused by the server without TLS (as RDS with rds.force_ssl)', async () => {
    const outcome = await connectionOutcome(ormOptions({ DATABASE_SSL: 'false' }));
    expect(outcome).toMatch(/no pg_hba\.conf entry .* no encryption/);
  });

  it('names an unreadable CA file, or one set without DATABASE_SSL, at start-up', () => {
    expect(() => ormOptions({ DATABASE_SSL: 'true', DATABASE_SSL_CA: '/nonexistent/ca.pem' })).toThrow(
      new ConfigValidationError(['DATABASE_SSL_CA: cannot read /nonexistent/ca.pem (ENOENT)']),
    );
    expect(() => ormOptions({ DATABASE_SSL: 'true', DATABASE_SSL_CA: __filename })).toThrow(/holds no PEM certificate/);
    expect(() => ormOptions({ DATABASE_SSL: 'false', DATABASE_SSL_CA: server.caFile })).toThrow(
      /DATABASE_SSL_CA is set but DATABASE_SSL is not true/,
    );
  });
});
