import { loadConfig, runEntryPoint, runMigrationCommand } from '@platform/service-kit';
import { MediaConfig } from './config/media.config';
import { mediaOrmConfig } from './mikro-orm.config';

runEntryPoint(() => runMigrationCommand(mediaOrmConfig(loadConfig(MediaConfig))));
