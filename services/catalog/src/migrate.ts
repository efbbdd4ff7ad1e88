import { loadConfig, runEntryPoint, runMigrationCommand } from '@platform/service-kit';
import { CatalogConfig } from './config/catalog.config';
import { catalogOrmConfig } from './mikro-orm.config';

runEntryPoint(() => runMigrationCommand(catalogOrmConfig(loadConfig(CatalogConfig))));
