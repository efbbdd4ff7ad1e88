import { TokenVerificationConfig } from '@platform/auth';
import { BACKEND_SERVICES } from '@platform/contracts';

export class CatalogConfig extends TokenVerificationConfig {
  override PORT = BACKEND_SERVICES.catalog.port;
  override DATABASE_NAME = BACKEND_SERVICES.catalog.database;
}
