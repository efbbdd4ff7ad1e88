import { TokenVerificationConfig } from '@platform/auth';
import { BACKEND_SERVICES } from '@platform/contracts';

export class ProgressConfig extends TokenVerificationConfig {
  override PORT = BACKEND_SERVICES.progress.port;
  override DATABASE_NAME = BACKEND_SERVICES.progress.database;
}
