import { loadConfig, runMigrationCommand } from '@platform/service-kit';
import { ProgressConfig } from './config/progress.config';
import { progressOrmConfig } from './mikro-orm.config';

runMigrationCommand(progressOrmConfig(loadConfig(ProgressConfig))).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
