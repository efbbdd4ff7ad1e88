// The replicas of one service as the dev ingress sees them, as a Kubernetes Service's endpoints:
// each replica's /health/ready polled every `pollMs` (the kubelet's readiness probe), requests
// spread round robin over the ready ones, and the requests in flight on each counted.

export class UpstreamPool {
  /**
   * @param {{ name: string, readyPath: string, host?: string, pollMs?: number, probeTimeoutMs?: number }} options
   */
  constructor({ name, readyPath, host = '127.0.0.1', pollMs = 500, probeTimeoutMs = 1000 }) {
    this.name = name;
    this.readyPath = readyPath;
    this.host = host;
    this.pollMs = pollMs;
    this.probeTimeoutMs = probeTimeoutMs;
    /** @type {Map<string, { key: string, port: number, managementPort: number, ready: boolean, inFlight: number }>} */
    this.replicas = new Map();
    this.next = 0;
    this.timer = undefined;
  }

  /** A replica joins; it takes requests once its readiness answers 200 (or at once if `ready`). */
  add(key, port, managementPort, ready = false) {
    this.replicas.set(key, { key, port, managementPort, ready, inFlight: 0 });
  }

  remove(key) {
    this.replicas.delete(key);
  }

  /** A replica the ingress could not reach leaves the rotation until its next probe passes. */
  markUnready(key) {
    const replica = this.replicas.get(key);
    if (replica) replica.ready = false;
  }

  /** The next ready replica not in `exclude`, round robin; undefined when there is none. */
  pick(exclude = new Set()) {
    const ready = [...this.replicas.values()].filter((replica) => replica.ready && !exclude.has(replica.key));
    if (ready.length === 0) return undefined;
    return ready[this.next++ % ready.length];
  }

  /** Requests in flight per replica key. */
  inFlight() {
    return Object.fromEntries([...this.replicas.values()].map((replica) => [replica.key, replica.inFlight]));
  }

  async probe(replica) {
    try {
      const response = await fetch(`http://${this.host}:${replica.managementPort}${this.readyPath}`, {
        signal: AbortSignal.timeout(this.probeTimeoutMs),
      });
      await response.body?.cancel();
      replica.ready = response.status === 200;
    } catch {
      replica.ready = false;
    }
  }

  start() {
    const poll = async () => {
      await Promise.all([...this.replicas.values()].map((replica) => this.probe(replica)));
      if (this.stopped) return;
      this.timer = setTimeout(poll, this.pollMs);
      this.timer.unref();
    };
    return poll();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
