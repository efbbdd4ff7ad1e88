// The processes of one service (or worker) under `npm start -- --replicas N`, as a Deployment's pods:
// replica slot s listens on the service's ports + s × REPLICA_PORT_STEP, logs to
// .platform/logs/<name>-<s>.log, joins the ingress's pool (services) and can be rolled (a new
// process first, ready, then SIGTERM to the old one) or killed, after which it is started again.

/** Ports of slot s: the service's own + s × this. Slots stay below 10, so no two services meet. */
export const REPLICA_PORT_STEP = 10;
export const MAX_REPLICAS = 4;

export async function waitForReady(url, timeoutMs, isDead = () => false) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (isDead()) return false;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

export class ReplicaSet {
  /**
   * @param {{
   *   name: string, group: import('./processes.mjs').ProcessGroup, command: string, args: string[], cwd: string,
   *   envOf: (slot: number) => NodeJS.ProcessEnv, portsOf: (slot: number) => { port: number, managementPort: number },
   *   readyPath: string, pool?: import('./upstream-pool.mjs').UpstreamPool, single: boolean,
   *   onUnexpectedExit: (key: string, code: number | null, signal: string | null) => void, log: (line: string) => void,
   * }} options
   */
  constructor(options) {
    this.options = options;
    /** @type {Map<string, { key: string, slot: number, child: import('node:child_process').ChildProcess, onExit: string }>} */
    this.replicas = new Map();
  }

  /** `catalog` when the platform runs one replica (the log names of before), else `catalog-<slot>`. */
  keyOf(slot) {
    return this.options.single && slot === 0 ? this.options.name : `${this.options.name}-${slot}`;
  }

  readyUrl(slot) {
    return `http://127.0.0.1:${this.options.portsOf(slot).managementPort}${this.options.readyPath}`;
  }

  freeSlot() {
    const used = new Set([...this.replicas.values()].map((replica) => replica.slot));
    for (let slot = 0; slot <= MAX_REPLICAS; slot++) if (!used.has(slot)) return slot;
    throw new Error(`${this.options.name}: no free replica slot`);
  }

  start(slot = this.freeSlot()) {
    const { group, command, args, cwd, envOf, portsOf, pool } = this.options;
    const key = this.keyOf(slot);
    // onExit: 'restart' after a kill (as the kubelet restarts a container), 'expected' after a SIGTERM of ours.
    const replica = { key, slot, child: undefined, onExit: 'fail' };
    replica.child = group.start(key, command, args, { cwd, env: envOf(slot) }, (name, code, signal) => {
      if (this.replicas.get(key) === replica) this.replicas.delete(key);
      pool?.remove(key);
      if (replica.onExit === 'restart') this.start(slot);
      else if (replica.onExit === 'fail') this.options.onUnexpectedExit(name, code, signal);
    });
    this.replicas.set(key, replica);
    const { port, managementPort } = portsOf(slot);
    pool?.add(key, port, managementPort);
    return replica;
  }

  async waitReady(replica, timeoutMs = 120_000) {
    return waitForReady(this.readyUrl(replica.slot), timeoutMs, () => replica.child.exitCode !== null);
  }

  list() {
    return [...this.replicas.values()].map(({ key, slot, child }) => ({
      key,
      slot,
      pid: child.pid,
      ...this.options.portsOf(slot),
    }));
  }

  /**
   * A rolling update with maxSurge 1, maxUnavailable 0: for each old replica, a new one is started
   * and waited for, then the old one is sent SIGTERM. The pool keeps the old one in rotation until
   * its readiness (false from SIGTERM on) is polled, as endpoints follow readiness in Kubernetes.
   */
  async roll(graceMs) {
    const steps = [];
    for (const old of [...this.replicas.values()]) {
      const fresh = this.start();
      const started = Date.now();
      if (!(await this.waitReady(fresh))) throw new Error(`${fresh.key} did not become ready during the roll`);
      const readyMs = Date.now() - started;
      const stopped = await this.removeFromRotation(old, graceMs);
      steps.push({ started: fresh.key, readyMs, stopped: old.key, ...stopped });
      this.options.log(`${this.options.name}: rolled ${old.key} → ${fresh.key} (ready in ${readyMs} ms)`);
    }
    return steps;
  }

  /** SIGTERM first (readiness turns false, the pool stops routing there), then out of the pool on exit. */
  async removeFromRotation(replica, graceMs) {
    replica.onExit = 'expected';
    this.replicas.delete(replica.key);
    const exited = new Promise((resolve) => replica.child.once('exit', (code, signal) => resolve({ code, signal })));
    const started = Date.now();
    const timer = setTimeout(() => replica.child.kill('SIGKILL'), graceMs);
    replica.child.kill('SIGTERM');
    const { code, signal } = await exited;
    clearTimeout(timer);
    return { exitCode: code, signal, stopMs: Date.now() - started };
  }

  /** SIGKILL (a crash); resolves once it is gone and started again in its slot. */
  async kill(key) {
    const replica = this.replicas.get(key);
    if (!replica) throw new Error(`no replica ${key}`);
    replica.onExit = 'restart';
    const exited = new Promise((resolve) => replica.child.once('exit', resolve));
    replica.child.kill('SIGKILL');
    await exited;
    return { killed: key, pid: replica.child.pid };
  }
}
