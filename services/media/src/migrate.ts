import { loadConfig, runMigrationCommand } from '@platform/service-kit';
import { MediaConfig } from './config/media.config';
import { mediaOrmConfig } from './mikro-orm.config';

runMigrationCommand(mediaOrmConfig(loadConfig(MediaConfig))).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
