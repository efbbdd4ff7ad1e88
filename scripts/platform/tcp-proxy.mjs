// The TCP proxy between `npm start`'s processes and RabbitMQ, so a chaos run can cut the broker off
// (every connection dropped, new ones refused) without restarting the machine's shared RabbitMQ.
// libs/testing has the same for service tests; npm start does not load that lib (MikroORM, pg).
import { connect, createServer } from 'node:net';

export class TcpProxy {
  /** @param {{ host: string, port: number }} target */
  constructor(target) {
    this.target = target;
    this.sockets = new Set();
    this.refusing = false;
    this.port = 0;
    this.server = createServer((client) => {
      if (this.refusing) return void client.destroy();
      const upstream = connect(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  /** Listens on a free loopback port. */
  async start() {
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    this.port = this.server.address().port;
    return this;
  }

  get cutOff() {
    return this.refusing;
  }

  cut() {
    this.refusing = true;
    for (const socket of this.sockets) socket.destroy();
  }

  restore() {
    this.refusing = false;
  }

  async stop() {
    this.cut();
    await new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A proxy in front of the broker of `amqpUrl`, and the same URL (credentials, virtual host kept) through it. */
export async function startBrokerProxy(amqpUrl) {
  const broker = new URL(amqpUrl);
  const proxy = await new TcpProxy({ host: broker.hostname, port: Number(broker.port || 5672) }).start();
  const viaProxy = new URL(amqpUrl);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  return { proxy, amqpUrl: viaProxy.toString().replace(/\/$/, '') };
}
