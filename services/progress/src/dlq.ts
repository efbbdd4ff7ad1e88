import { runDeadLetterCommand } from '@platform/messaging';
import { loadConfig } from '@platform/service-kit';
import { ProgressConfig, progressEventsQueue } from './config/progress.config';

// Catalog events progress could not apply, parked in its DLQ: `node dist/dlq.js list | show <id> |
// replay <id> | replay-all` (replays go back to progress's own queue only).
const config = loadConfig(ProgressConfig);
runDeadLetterCommand(process.argv.slice(2), { amqpUrl: config.AMQP_URL, queue: progressEventsQueue(config) }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
