#!/usr/bin/env node
// One embedded stand-in as a process of its own, supervised by `npm start` (processes.mjs):
//   node embedded-server.mjs object-store --port=4569 --directory=.platform/s3 --bucket=media
//   node embedded-server.mjs mail-catcher --smtp-port=1025 --web-port=1080
// It tells its parent it is ready over IPC, exits on any error it did not expect (the parent starts
// it again), and stops when its parent goes away, however that parent ended.
import { parseArgs } from 'node:util';
import { startMailCatcher, startObjectStore } from './embedded-infrastructure.mjs';

const [kind, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: {
    port: { type: 'string', default: '0' },
    directory: { type: 'string' },
    bucket: { type: 'string', default: 'media' },
    'smtp-port': { type: 'string' },
    'web-port': { type: 'string' },
  },
});

const fail = (error) => {
  console.error(`${kind}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
};
// s3rver reads uploaded parts through streams whose errors nothing listens to (a part that was
// never uploaded): only this process goes down, and its supervisor brings it back.
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
if (process.send) process.on('disconnect', () => process.exit(0));

let server;
try {
  if (kind === 'object-store') {
    if (!values.directory) throw new Error('--directory is required');
    server = await startObjectStore({
      port: Number(values.port),
      directory: values.directory,
      bucket: values.bucket,
    });
  } else if (kind === 'mail-catcher') {
    server = await startMailCatcher({ smtpPort: Number(values['smtp-port']), webPort: Number(values['web-port']) });
  } else {
    throw new Error(`unknown embedded server "${kind}" (object-store or mail-catcher)`);
  }
} catch (error) {
  fail(error);
}
console.log(`${kind}: listening on 127.0.0.1:${server.port} (pid ${process.pid})`);
process.send?.({ ready: true, port: server.port });

const stop = async () => {
  await server.close().catch(() => undefined);
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
