import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PlatformNotRunningError, platformControlSocket, sendPlatformControl } from '@platform/testing';

const PLATFORM = join(__dirname, '..', 'platform');
const moduleUrl = (name: string): string => pathToFileURL(join(PLATFORM, name)).href;

/**
 * npm start's control socket with its real operations (platform-control.mjs) over no processes,
 * in a process of its own (ES modules), as `npm start` serves it.
 */
async function serveControl(stateDir: string): Promise<{ child: ChildProcess; output: () => string }> {
  const script = `
    const { serveControlSocket, controlSocketPath } = await import(${JSON.stringify(moduleUrl('control-socket.mjs'))});
    const { platformControl } = await import(${JSON.stringify(moduleUrl('platform-control.mjs'))});
    let cut = false;
    const brokerProxy = { cut: () => (cut = true), restore: () => (cut = false), get cutOff() { return cut; } };
    const handle = platformControl({
      sets: new Map(), pools: new Map(), brokerProxy,
      info: () => ({ ingressUrl: 'http://localhost:8080', databases: { catalog: 'catalog' } }),
    });
    await serveControlSocket({ path: controlSocketPath(${JSON.stringify(stateDir)}), handle });
    console.log('ready');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 20_000;
  while (!output.includes('ready') && !output.includes('Error')) {
    if (child.exitCode !== null || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, output: () => output };
}

/** TCP sockets in LISTEN state that process `pid` holds (from /proc, v4 and v6). */
function listeningTcpSockets(pid: number): string[] {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`)
      .map((fd) => {
        try {
          return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        } catch {
          return undefined;
        }
      })
      .filter((inode): inode is string => inode !== undefined),
  );
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
    readFileSync(table, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[3] === '0A' && inodes.has(fields[9]))
      .map((fields) => `${table} ${fields[1]}`),
  );
}

/** Lines sent at once on one raw connection, and the first `count` reply lines. */
async function rawExchange(path: string, payload: string, count: number): Promise<unknown[]> {
  const socket = connect(path);
  await once(socket, 'connect');
  socket.write(payload);
  let received = '';
  socket.setEncoding('utf8');
  for await (const chunk of socket) {
    received += chunk as string;
    if (received.split('\n').length > count) break;
  }
  socket.destroy();
  return received
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe("npm start's control socket", () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'control-socket-'));
  const path = platformControlSocket(stateDir);
  let served: { child: ChildProcess; output: () => string };

  beforeAll(async () => {
    // A socket file left by a crashed platform is replaced, not a reason to refuse to start.
    const stale = spawn(process.execPath, [
      '-e',
      `require('node:fs').mkdirSync(${JSON.stringify(join(stateDir, 'control'))}, { recursive: true });
       require('node:net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'));`,
    ]);
    await once(stale, 'exit');
    expect(statSync(path).isSocket()).toBe(true);
    served = await serveControl(stateDir);
    expect(served.output()).toContain('ready');
  });
  afterAll(() => {
    served?.child.kill();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('answers its operations by id, and names what is wrong with a request', async () => {
    await expect(sendPlatformControl(path, { op: 'info' })).resolves.toEqual({
      ingressUrl: 'http://localhost:8080',
      databases: { catalog: 'catalog' },
      replicas: {},
    });
    await expect(sendPlatformControl(path, { op: 'broker', action: 'cut' })).resolves.toEqual({ cut: true });
    await expect(sendPlatformControl(path, { op: 'broker', action: 'restore' })).resolves.toEqual({ cut: false });
    await expect(sendPlatformControl(path, { op: 'roll', target: 'nope' })).rejects.toThrow(
      'platform control roll: unknown process "nope"',
    );
    const replies = await rawExchange(
      path,
      '{"id": 7, "op": "processes"}\nnot json\n{"id": 8, "op": "reboot"}\n{"id": 9, "op": "broker", "action": "off"}\n',
      4,
    );
    expect(replies).toEqual(
      expect.arrayContaining([
        { id: 7, result: {} },
        { id: null, error: 'a request must be a JSON object on one line' },
        { id: 8, error: 'unknown control operation "reboot"' },
        { id: 9, error: 'broker: action must be "cut" or "restore", got "off"' },
      ]),
    );
  });

  it('is open to its user only, and listens on no TCP port', () => {
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(stateDir, 'control')).mode & 0o777).toBe(0o700);
    expect(listeningTcpSockets(served.child.pid!)).toEqual([]);
  });

  it('refuses a second platform on the same state folder while the first answers', async () => {
    const second = await serveControl(stateDir);
    // It may have exited already while its output was read.
    if (second.child.exitCode === null && second.child.signalCode === null) await once(second.child, 'exit');
    expect(second.child.exitCode).not.toBe(0);
    expect(second.output()).toMatch(/another platform is running with this state folder/);
    await expect(sendPlatformControl(path, { op: 'processes' })).resolves.toEqual({});
  });

  it('tells a client when no platform is running', async () => {
    const elsewhere = platformControlSocket(join(stateDir, 'none'));
    await expect(sendPlatformControl(elsewhere, { op: 'info' })).rejects.toBeInstanceOf(PlatformNotRunningError);
    writeFileSync(join(stateDir, 'not-a-socket'), '');
    await expect(sendPlatformControl(join(stateDir, 'not-a-socket'), { op: 'info' })).rejects.toBeInstanceOf(
      PlatformNotRunningError,
    );
  });
});
