import { runDeadLetterEntryPoint } from '@platform/messaging';
import { loadConfig } from '@platform/service-kit';
import { CatalogConfig, catalogEventsQueue } from './config/catalog.config';

// Media reports catalog could not apply (malformed `media.image.processed`), parked in its DLQ:
// `node dist/dlq.js list | show <id> | replay <id> | replay-all` (replays go back to catalog's own
// queue only).
runDeadLetterEntryPoint(process.argv.slice(2), () => {
  const config = loadConfig(CatalogConfig);
  return { amqpUrl: config.AMQP_URL, queue: catalogEventsQueue(config) };
});
