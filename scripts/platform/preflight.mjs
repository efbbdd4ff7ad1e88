// Checks that the machine services the platform needs are reachable, and says what to do if not.
import net from 'node:net';

export function canConnect(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function hostPort(url, defaultPort) {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || defaultPort) };
}

export async function checkMachineServices(env) {
  const problems = [];
  const pg = hostPort(env.DATABASE_URL, 5432);
  if (!(await canConnect(pg.host, pg.port))) {
    problems.push(
      `PostgreSQL is not reachable at ${pg.host}:${pg.port} (DATABASE_URL).\n` +
        `    start it:   pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n` +
        `    install it: apt-get install -y postgresql`,
    );
  }
  const amqp = hostPort(env.AMQP_URL, 5672);
  if (!(await canConnect(amqp.host, amqp.port))) {
    problems.push(
      `RabbitMQ is not reachable at ${amqp.host}:${amqp.port} (AMQP_URL).\n` +
        `    start it:   rabbitmq-server -detached   (it takes ~10 s to accept connections)\n` +
        `    install it: apt-get install -y rabbitmq-server`,
    );
  }
  return problems;
}

export async function waitForPort(host, port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await canConnect(host, port, 500)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}
