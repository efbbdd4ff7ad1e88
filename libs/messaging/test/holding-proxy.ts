import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy to the broker that can hold back what the broker sends (`hold()`) while the
 * connection stays open: a broker that stops answering (no confirms, no replies) without the
 * connection dropping, as a stalled or overloaded node does. `release()` lets it through again.
 */
export class HoldingProxy {
  private readonly server: Server;
  private readonly upstreams = new Set<Socket>();
  private readonly sockets = new Set<Socket>();
  private holding = false;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => {
      const upstream = connect(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      this.upstreams.add(upstream);
      upstream.on('close', () => this.upstreams.delete(upstream));
      client.pipe(upstream);
      upstream.pipe(client);
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

  /** From now on nothing the broker sends reaches the clients (it is kept, not dropped). */
  hold(): void {
    this.holding = true;
    for (const upstream of this.upstreams) upstream.pause();
  }

  release(): void {
    this.holding = false;
    for (const upstream of this.upstreams) upstream.resume();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
