import { TokenVerificationConfig } from '@platform/auth';
import { BACKEND_SERVICES, EVENTS_EXCHANGE } from '@platform/contracts';

export class ProgressConfig extends TokenVerificationConfig {
  override PORT = BACKEND_SERVICES.progress.port;
  override DATABASE_NAME = BACKEND_SERVICES.progress.database;
}

/**
 * progress's consumer queue: `progress` on the platform's exchange. Any other exchange (each test
 * or benchmark run has its own) gets a queue of its own too, so a run never takes messages from,
 * or binds foreign exchanges to, the queue of a progress running on the same broker.
 */
export function progressEventsQueue(config: Pick<ProgressConfig, 'EVENTS_EXCHANGE'>): string {
  const service = BACKEND_SERVICES.progress.name;
  return config.EVENTS_EXCHANGE === EVENTS_EXCHANGE ? service : `${config.EVENTS_EXCHANGE}.${service}`;
}
