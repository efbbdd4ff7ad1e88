import { loadConfig, runEntryPoint, runMigrationCommand } from '@platform/service-kit';
import { IdentityConfig } from './config/identity.config';
import { identityOrmConfig } from './mikro-orm.config';

runEntryPoint(() => runMigrationCommand(identityOrmConfig(loadConfig(IdentityConfig))));
