import { TokenVerificationConfig } from '@platform/auth';
import { BACKEND_SERVICES, consumerQueueOf } from '@platform/contracts';

export class ProgressConfig extends TokenVerificationConfig {
  override PORT = BACKEND_SERVICES.progress.port;
  override DATABASE_NAME = BACKEND_SERVICES.progress.database;
}

/** progress's consumer queue, named by the contracts' rule (`progress` on the platform's exchange). */
export function progressEventsQueue(config: Pick<ProgressConfig, 'EVENTS_EXCHANGE'>): string {
  return consumerQueueOf(BACKEND_SERVICES.progress.name, config.EVENTS_EXCHANGE);
}
