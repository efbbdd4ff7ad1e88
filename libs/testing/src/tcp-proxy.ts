import { createServer, type Server, type Socket, connect } from 'node:net';
import { testAmqpUrl } from './test-environment';

/**
 * A TCP proxy between a service and a dependency (RabbitMQ) that the test controls: `cut()` drops
 * every connection and refuses new ones until `restore()`; `hold()` keeps the connections open but
 * holds back what the dependency sends (a stalled broker: no confirms, no replies) until `release()`.
 * An outage of the test's own, never of the machine's broker, which other test runs share.
 */
export class TcpProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly upstreams = new Set<Socket>();
  private refusing = false;
  private holding = false;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => {
      if (this.refusing) {
        client.destroy();
        return;
      }
      const upstream = connect(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      this.upstreams.add(upstream);
      upstream.on('close', () => this.upstreams.delete(upstream));
      client.pipe(upstream).pipe(client);
      if (this.holding) upstream.pause();
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  cut(): void {
    this.refusing = true;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.refusing = false;
  }

  /** Connections still open through the proxy. */
  openConnections(): number {
    return this.upstreams.size;
  }

  /** From now on nothing the dependency sends reaches the clients (it is kept, not dropped). */
  hold(): void {
    this.holding = true;
    for (const upstream of this.upstreams) upstream.pause();
  }

  release(): void {
    this.holding = false;
    for (const upstream of this.upstreams) upstream.resume();
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A TcpProxy in front of the test broker, and the AMQP URL through it for the service under test. */
export async function startBrokerProxy(): Promise<{ proxy: TcpProxy; amqpUrl: string }> {
  const broker = new URL(testAmqpUrl());
  const proxy = await new TcpProxy({ host: broker.hostname, port: Number(broker.port || 5672) }).start();
  const viaProxy = new URL(testAmqpUrl());
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  return { proxy, amqpUrl: viaProxy.toString().replace(/\/$/, '') };
}
