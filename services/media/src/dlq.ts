import { runDeadLetterEntryPoint } from '@platform/messaging';
import { loadConfig } from '@platform/service-kit';
import { MediaConfig, mediaQueues } from './config/media.config';

// Parked events of media's two queues: `node dist/dlq.js worker|service list | show <id> |
// replay <id> | replay-all`. `worker` holds images its worker gave up on (storage down through
// every retry, or an image that kept killing it); `service` holds catalog cover events it could not
// apply. Replays go back to that queue only.
const [which, ...argv] = process.argv.slice(2);
if (which !== 'worker' && which !== 'service') {
  console.error('usage: node dist/dlq.js worker|service list | show <message-id> | replay <message-id> | replay-all');
  process.exit(2);
}
runDeadLetterEntryPoint(argv, () => {
  const config = loadConfig(MediaConfig);
  return { amqpUrl: config.AMQP_URL, queue: mediaQueues(config)[which] };
});
