import { loadConfig, runMigrationCommand } from '@platform/service-kit';
import { IdentityConfig } from './config/identity.config';
import { identityOrmConfig } from './mikro-orm.config';

runMigrationCommand(identityOrmConfig(loadConfig(IdentityConfig))).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
