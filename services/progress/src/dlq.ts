import { runDeadLetterEntryPoint } from '@platform/messaging';
import { loadConfig } from '@platform/service-kit';
import { ProgressConfig, progressEventsQueue } from './config/progress.config';

// Catalog events progress could not apply, parked in its DLQ: `node dist/dlq.js list | show <id> |
// replay <id> | replay-all` (replays go back to progress's own queue only).
runDeadLetterEntryPoint(process.argv.slice(2), () => {
  const config = loadConfig(ProgressConfig);
  return { amqpUrl: config.AMQP_URL, queue: progressEventsQueue(config) };
});
