import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repositoryRoot } from './platform-process';

export interface EmbeddedObjectStore {
  /** `http://127.0.0.1:<port>`: the S3_ENDPOINT of the services using it. */
  readonly endpoint: string;
  /** The store's process (it can be killed, as a crash would end it). */
  readonly process: ChildProcess;
  close(): Promise<void>;
}

/**
 * A real S3 API (s3rver) on a free loopback port with one bucket, its objects in `directory`: in a
 * process of its own, started exactly as `npm start` starts its embedded object store (with its
 * ListParts and its fix of s3rver's folder race), so a crash of the store is not a crash of its user.
 */
export async function startEmbeddedObjectStore(directory: string, bucket: string): Promise<EmbeddedObjectStore> {
  const child = spawn(
    process.execPath,
    [
      join(repositoryRoot(), 'scripts', 'platform', 'embedded-server.mjs'),
      'object-store',
      '--port=0',
      `--directory=${directory}`,
      `--bucket=${bucket}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] },
  );
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`the object store exited (${code}): ${errors}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    process: child,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
