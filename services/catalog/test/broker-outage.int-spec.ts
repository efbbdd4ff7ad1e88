import { CATALOG_EVENTS } from '@platform/contracts';
import { TcpProxy, testAmqpUrl, waitFor } from '@platform/testing';
import request from 'supertest';
import { API, as, CatalogHarness } from './catalog-harness';

// DESIGN.md "Operational endpoints": readiness checks what catalog needs to serve (its database); the
// broker is reported, not gated on, since the outbox holds the events while it is away. The outage is
// this test's own (a proxy it cuts), never the machine's broker.
describe('catalog through a broker outage (real PostgreSQL, RabbitMQ behind a proxy the test cuts)', () => {
  let proxy: TcpProxy;
  let harness: CatalogHarness;

  beforeAll(async () => {
    const broker = new URL(testAmqpUrl());
    proxy = await new TcpProxy({ host: broker.hostname, port: Number(broker.port || 5672) }).start();
    const viaProxy = new URL(testAmqpUrl());
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    harness = await CatalogHarness.start({ AMQP_URL: viaProxy.toString().replace(/\/$/, '') });
  });

  afterAll(async () => {
    proxy?.restore();
    await harness?.close();
    await proxy?.stop();
  });

  const management = () => request(harness.catalog.management);
  const aboutCourse = (courseId: string) =>
    harness.events.filter((event) => (event.payload as { courseId?: string }).courseId === courseId);
  const brokerState = async () => (await management().get(`${API}/health/ready`)).body?.details?.broker?.status;

  it('stays ready and keeps accepting writes; their events go out once the broker is back', async () => {
    await waitFor('the broker to be up', async () => (await brokerState()) === 'up');
    const { course } = await harness.courseWithLessons();

    proxy.cut();
    await waitFor('readiness to report the broker down', async () => (await brokerState()) === 'down');
    const ready = await management().get(`${API}/health/ready`).expect(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' } },
      error: { broker: { status: 'down', gatesReadiness: false } },
    });
    const metrics = await management().get(`${API}/metrics`).expect(200);
    expect(metrics.text).toMatch(/dependency_up\{dependency="broker",gates_readiness="false"\} 0/);

    // Writes while the broker is away: answered as usual, their events held in the outbox.
    await harness.publishCourse(course.id);
    const renamed = await harness
      .http()
      .patch(`${API}/courses/${course.id}`)
      .set(as(harness.users.instructor))
      .send({ title: 'Renamed while the broker was away' })
      .expect(200);
    expect(renamed.body.title).toBe('Renamed while the broker was away');
    const published = () => aboutCourse(course.id).filter((event) => event.type === CATALOG_EVENTS.coursePublished);
    expect(published()).toEqual([]);
    await management().get(`${API}/health/ready`).expect(200);

    proxy.restore();
    await waitFor(
      'the events recorded during the outage to reach the broker',
      async () => published().length === 1,
      30_000,
    );
    await waitFor('readiness to report the broker up again', async () => (await brokerState()) === 'up', 15_000);
  });
});
