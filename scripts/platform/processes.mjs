// Child processes of `npm start`: each service's migrate step and server, the supervised embedded
// stand-ins, with logs to files and a clean stop of everything on one Ctrl-C.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export class ProcessGroup {
  constructor(logDir) {
    this.logDir = logDir;
    this.children = new Map();
    mkdirSync(logDir, { recursive: true });
  }

  logFile(name) {
    return join(this.logDir, `${name}.log`);
  }

  tail(name, lines = 15) {
    try {
      return readFileSync(this.logFile(name), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /** Runs a command to completion (e.g. migrations); rejects with the end of its log on failure. */
  run(name, command, args, options) {
    return new Promise((resolve, reject) => {
      const log = createWriteStream(this.logFile(name), { flags: 'a' });
      const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.pipe(log);
      child.stderr.pipe(log);
      child.once('error', reject);
      child.once('exit', (code) => {
        log.end();
        if (code === 0) resolve();
        else setTimeout(() => reject(new Error(`${name} exited with ${code}:\n${this.tail(name)}`)), 50);
      });
    });
  }

  /** Starts a long-running process; `onExit` hears about unexpected exits. */
  start(name, command, args, options, onExit) {
    const log = createWriteStream(this.logFile(name), { flags: 'a' });
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    this.children.set(name, child);
    child.once('exit', (code, signal) => {
      this.children.delete(name);
      if (!this.stopping) onExit?.(name, code, signal);
    });
    return child;
  }

  /**
   * Starts a process that reports `{ ready: true }` over IPC and keeps it running: whenever it exits
   * it is started again (after a pause that grows while it keeps failing), so one crashing piece
   * never takes the platform down. Resolves with the first ready message; rejects if the first
   * start fails. Its IPC channel closes with this process, however it ends, and it exits then.
   */
  supervise(name, command, args, options, { log = () => undefined, readyTimeoutMs = 60_000 } = {}) {
    const logFile = createWriteStream(this.logFile(name), { flags: 'a' });
    let restarts = 0;
    return new Promise((resolve, reject) => {
      let firstStart = true;
      const launch = () => {
        const startedAt = Date.now();
        const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
        child.stdout.pipe(logFile, { end: false });
        child.stderr.pipe(logFile, { end: false });
        this.children.set(name, child);
        const timer = firstStart ? setTimeout(() => child.kill('SIGKILL'), readyTimeoutMs).unref() : undefined;
        child.on('message', (message) => {
          if (!message?.ready) return;
          clearTimeout(timer);
          if (firstStart) {
            firstStart = false;
            resolve(message);
          } else log(`${name}: running again (pid ${child.pid})`);
        });
        child.once('error', (error) => logFile.write(`${name}: ${error.message}\n`));
        child.once('exit', (code, signal) => {
          clearTimeout(timer);
          if (this.children.get(name) === child) this.children.delete(name);
          if (this.stopping) return logFile.end();
          if (firstStart) {
            logFile.end();
            return setTimeout(
              () => reject(new Error(`${name} did not start (${signal ?? code}):\n${this.tail(name)}`)),
              50,
            );
          }
          // A process that ran a while starts again at once; one that keeps failing waits up to 10 s.
          restarts = Date.now() - startedAt > 30_000 ? 0 : restarts + 1;
          const delay = Math.min(250 * 2 ** Math.max(restarts - 1, 0), 10_000);
          log(`${name} stopped (${signal ?? code}); starting it again in ${delay} ms`);
          setTimeout(() => {
            if (!this.stopping) launch();
          }, delay).unref();
        });
      };
      launch();
    });
  }

  /** SIGTERM to all (graceful shutdown in each service), SIGKILL to any still running after the grace period. */
  async stopAll(graceMs = 10_000) {
    this.stopping = true;
    const waits = [...this.children.entries()].map(
      ([, child]) =>
        new Promise((resolve) => {
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    );
    await Promise.all(waits);
  }
}
