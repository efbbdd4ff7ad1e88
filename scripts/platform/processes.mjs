// Child processes of `npm start`: each service's migrate step and server, with logs to files and
// a clean stop of everything on one Ctrl-C.
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
