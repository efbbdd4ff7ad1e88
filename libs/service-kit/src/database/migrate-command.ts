import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { loadConfig } from '../config/load-config';
import { databaseTlsOptions } from './database-tls';
import { DatabaseSetupConfig, setUpServiceDatabase } from './service-database-setup';

/**
 * The `migrate` entry point of every service image (a Kubernetes Job before rollout; `npm start`
 * locally). Never run from onModuleInit (STYLE.md).
 *   node dist/migrate.js            apply pending migrations (creating the database if it is missing)
 *   node dist/migrate.js create     generate a migration from entity changes (development)
 *   node dist/migrate.js setup      as DATABASE_ADMIN_URL: create or update the service's own role
 *                                   (DATABASE_URL's user) and database (the migration Job's first step in clusters)
 */
export async function runMigrationCommand(
  ormOptions: Options,
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const command = argv[0] ?? 'up';
  if (command === 'setup') {
    const setup = loadConfig(DatabaseSetupConfig, env);
    await setUpServiceDatabase({
      adminUrl: setup.DATABASE_ADMIN_URL,
      serviceUrl: ormOptions.clientUrl!,
      database: ormOptions.dbName!,
      connectionLimit: setup.DATABASE_CONNECTION_LIMIT,
      ssl: databaseTlsOptions({ ...setup, DATABASE_URL: setup.DATABASE_ADMIN_URL }),
    });
    console.log(`${ormOptions.dbName}: role and database set up`);
    return;
  }
  const options =
    command === 'create'
      ? { ...ormOptions, migrations: { ...ormOptions.migrations, path: ormOptions.migrations?.pathTs, snapshot: true } }
      : ormOptions;
  // Required here, not imported: services load this lib, and only this command needs the migrator.
  /* eslint-disable-next-line @typescript-eslint/no-require-imports */
  const { Migrator } = require('@mikro-orm/migrations') as typeof import('@mikro-orm/migrations');
  const orm = await MikroORM.init({
    ...options,
    extensions: [...(options.extensions ?? []), Migrator],
    connect: false,
  });
  try {
    // Creates the database if missing, but not the schema: that is the migrations' job.
    await orm.schema.ensureDatabase();
    // Not connect(): that would open a second pool beside the one ensureDatabase opened and leave
    // it open, one connection more than the role's CONNECTION LIMIT budgets.
    await orm.reconnect();
    const migrator = orm.getMigrator();
    if (command === 'up') {
      const applied = await migrator.up();
      console.log(
        `${ormOptions.dbName}: ${applied.length} migration(s) applied${applied.length ? `: ${applied.map((m) => m.name).join(', ')}` : ''}`,
      );
    } else if (command === 'create') {
      const result = await migrator.createMigration(undefined, false, argv.includes('--initial'));
      console.log(result.fileName ? `created ${result.fileName}` : 'no changes: no migration created');
    } else if (command === 'pending') {
      const pending = await migrator.getPendingMigrations();
      console.log(pending.map((m) => m.name).join('\n') || 'none');
    } else {
      throw new Error(`Unknown migrate command "${command}": use up | create [--initial] | pending | setup`);
    }
  } finally {
    await orm.close(true);
  }
}
