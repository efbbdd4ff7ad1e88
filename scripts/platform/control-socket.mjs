// The control channel of a running `npm start` (scripts/platform/platform-control.mjs), for
// `npm run chaos -- --attach` and the platform tests: newline-delimited JSON over a Unix domain
// socket in the state folder. Only this user can open it (folder 0700, socket 0600) and it has no
// TCP port, so nothing on the network, nor another user of the machine, can roll or kill processes.
//   request  {"id": 1, "op": "processes"}\n      reply  {"id": 1, "result": …}\n  or  {"id": 1, "error": "…"}\n
import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';

/** Where a platform with this state folder listens for control requests. */
export function controlSocketPath(stateDir) {
  return join(stateDir, 'control', 'platform.sock');
}

/** Whether something answers on `path` (a running platform), as opposed to a file left by a crash. */
function inUse(path) {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/** A line longer than this is not a control request: the connection is closed. */
const MAX_LINE_BYTES = 64 * 1024;

/**
 * Serves `handle(command)` on the Unix socket at `path`. Refuses to start when another platform
 * already answers there; a socket file a crashed platform left behind is replaced.
 * @param {{ path: string, handle: (command: any) => Promise<unknown> }} options
 */
export async function serveControlSocket({ path, handle }) {
  const folder = join(path, '..');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700);
  if (existsSync(path)) {
    if (await inUse(path)) throw new Error(`another platform is running with this state folder (${path} answers)`);
    rmSync(path, { force: true });
  }
  const connections = new Set();
  const server = createServer((socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    let buffered = '';
    const reply = (message) => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
    };
    socket.on('data', (chunk) => {
      buffered += chunk;
      if (buffered.length > MAX_LINE_BYTES && !buffered.includes('\n')) {
        reply({ id: null, error: `a request is one JSON line of at most ${MAX_LINE_BYTES} bytes` });
        return void socket.end();
      }
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (!line) continue;
        let request;
        try {
          request = JSON.parse(line);
        } catch {
          reply({ id: null, error: 'a request must be a JSON object on one line' });
          continue;
        }
        if (typeof request !== 'object' || request === null || Array.isArray(request)) {
          reply({ id: null, error: 'a request must be a JSON object on one line' });
          continue;
        }
        const { id = null, ...command } = request;
        Promise.resolve()
          .then(() => handle(command))
          .then(
            (result) => reply({ id, result: result ?? null }),
            (error) => reply({ id, error: error instanceof Error ? error.message : String(error) }),
          );
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, resolve);
  });
  chmodSync(path, 0o600);
  return {
    path,
    close: () =>
      new Promise((resolve) => {
        for (const socket of connections) socket.destroy();
        server.close(() => resolve());
        rmSync(path, { force: true });
      }),
  };
}
