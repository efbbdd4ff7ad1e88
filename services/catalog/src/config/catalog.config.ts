import { TokenVerificationConfig } from '@platform/auth';
import { BACKEND_SERVICES, EVENTS_EXCHANGE } from '@platform/contracts';

export class CatalogConfig extends TokenVerificationConfig {
  override PORT = BACKEND_SERVICES.catalog.port;
  override DATABASE_NAME = BACKEND_SERVICES.catalog.database;
}

/**
 * catalog's consumer queue: `catalog` on the platform's exchange. Any other exchange (each test
 * run has its own) gets a queue of its own too, so a test never takes messages from, or binds
 * foreign exchanges to, the queue of a catalog running on the same broker.
 */
export function catalogEventsQueue(config: Pick<CatalogConfig, 'EVENTS_EXCHANGE'>): string {
  const service = BACKEND_SERVICES.catalog.name;
  return config.EVENTS_EXCHANGE === EVENTS_EXCHANGE ? service : `${config.EVENTS_EXCHANGE}.${service}`;
}
