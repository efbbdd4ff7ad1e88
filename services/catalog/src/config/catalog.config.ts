import { TokenVerificationConfig } from '@platform/auth';
import { BACKEND_SERVICES, consumerQueueOf } from '@platform/contracts';

export class CatalogConfig extends TokenVerificationConfig {
  override PORT = BACKEND_SERVICES.catalog.port;
  override DATABASE_NAME = BACKEND_SERVICES.catalog.database;
}

/** catalog's consumer queue, named by the contracts' rule (`catalog` on the platform's exchange). */
export function catalogEventsQueue(config: Pick<CatalogConfig, 'EVENTS_EXCHANGE'>): string {
  return consumerQueueOf(BACKEND_SERVICES.catalog.name, config.EVENTS_EXCHANGE);
}
