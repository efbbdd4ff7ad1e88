import { loadConfig, runMigrationCommand } from '@platform/service-kit';
import { CatalogConfig } from './config/catalog.config';
import { catalogOrmConfig } from './mikro-orm.config';

runMigrationCommand(catalogOrmConfig(loadConfig(CatalogConfig))).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
