import { MikroORM, type Options } from '@mikro-orm/postgresql';

/**
 * The `migrate` entry point of every service image (a Kubernetes Job before rollout; `npm start`
 * locally). Never run from onModuleInit (STYLE.md).
 *   node dist/migrate.js            apply pending migrations (creating the database if it is missing)
 *   node dist/migrate.js create     generate a migration from entity changes (development)
 */
export async function runMigrationCommand(
  ormOptions: Options,
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  const command = argv[0] ?? 'up';
  const options =
    command === 'create'
      ? { ...ormOptions, migrations: { ...ormOptions.migrations, path: ormOptions.migrations?.pathTs, snapshot: true } }
      : ormOptions;
  const orm = await MikroORM.init({ ...options, connect: false });
  try {
    // Creates the database if missing, but not the schema: that is the migrations' job.
    await orm.schema.ensureDatabase();
    await orm.connect();
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
      throw new Error(`Unknown migrate command "${command}": use up | create [--initial] | pending`);
    }
  } finally {
    await orm.close(true);
  }
}
