// What a chaos run asks of a running `npm start` (over its control socket, control-socket.mjs, so
// nothing listens on a port for it): what it is, list the processes, roll a service, kill a
// replica, cut RabbitMQ off at the platform's own proxy.

/** Within this, a replica with a request in flight is looked for; past it, any replica is killed. */
const BUSY_WAIT_MS = 10_000;

/**
 * @param {{
 *   sets: Map<string, import('./replica-set.mjs').ReplicaSet>,
 *   pools: Map<string, import('./upstream-pool.mjs').UpstreamPool>,
 *   info: () => Record<string, unknown>,
 *   brokerProxy?: import('./tcp-proxy.mjs').TcpProxy,
 * }} platform
 */
export function platformControl({ sets, pools, info, brokerProxy }) {
  const setOf = (target) => {
    const set = sets.get(target);
    if (!set) throw new Error(`unknown process "${target}" (one of ${[...sets.keys()].join(', ')})`);
    return set;
  };
  /** The replica of `target` with the most requests in flight, once one has any (within BUSY_WAIT_MS). */
  const busiest = async (target) => {
    const pool = pools.get(target);
    const deadline = Date.now() + BUSY_WAIT_MS;
    while (pool && Date.now() < deadline) {
      const [key, inFlight] = Object.entries(pool.inFlight()).sort((a, b) => b[1] - a[1])[0] ?? [];
      if (inFlight > 0 && setOf(target).replicas.has(key)) return { key, inFlight };
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return { key: setOf(target).list()[0]?.key, inFlight: 0 };
  };
  return async (command) => {
    switch (command?.op) {
      case 'info':
        return { ...info(), replicas: Object.fromEntries([...sets].map(([name, set]) => [name, set.list().length])) };
      case 'broker':
        // `cut`: every AMQP connection dropped and new ones refused until `restore`.
        if (!brokerProxy) throw new Error('the platform reaches RabbitMQ over TLS, not through a proxy it can cut');
        if (command.action === 'cut') brokerProxy.cut();
        else if (command.action === 'restore') brokerProxy.restore();
        else throw new Error(`broker: action must be "cut" or "restore", got ${JSON.stringify(command.action)}`);
        return { cut: brokerProxy.cutOff };
      case 'processes':
        return Object.fromEntries(
          [...sets].map(([name, set]) => [
            name,
            set.list().map((replica) => ({ ...replica, inFlight: pools.get(name)?.inFlight()[replica.key] ?? 0 })),
          ]),
        );
      case 'wait-ready': {
        // Every replica of `target` (a killed one is started again) answers ready.
        const set = setOf(command.target);
        const results = await Promise.all([...set.replicas.values()].map((replica) => set.waitReady(replica, 60_000)));
        return { ready: results.every(Boolean), replicas: results.length };
      }
      case 'roll':
        return setOf(command.target).roll(Number(command.graceMs ?? 30_000));
      case 'kill': {
        // `busy`: kill the replica while it serves a request (mid-request), as a node failure would.
        const { key, inFlight } = command.busy ? await busiest(command.target) : { key: command.key, inFlight: 0 };
        return { ...(await setOf(command.target).kill(key ?? setOf(command.target).list()[0]?.key)), inFlight };
      }
      default:
        throw new Error(`unknown control operation ${JSON.stringify(command?.op)}`);
    }
  };
}
