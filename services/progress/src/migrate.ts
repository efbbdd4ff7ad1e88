import { loadConfig, runEntryPoint, runMigrationCommand } from '@platform/service-kit';
import { ProgressConfig } from './config/progress.config';
import { progressOrmConfig } from './mikro-orm.config';

runEntryPoint(() => runMigrationCommand(progressOrmConfig(loadConfig(ProgressConfig))));
