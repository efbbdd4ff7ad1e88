import { randomUUID } from 'node:crypto';
import { CATALOG_EVENTS } from '@platform/contracts';
import { TcpProxy, testAmqpUrl, waitFor } from '@platform/testing';
import request from 'supertest';
import { API, as, oneSection, ProgressHarness, snapshot } from './progress-harness';

// DESIGN.md "Operational endpoints": readiness checks what progress needs to serve (its database); the
// broker is reported, not gated on, since the outbox holds the events while it is away. The outage is
// this test's own (a proxy it cuts), never the machine's broker.
describe('progress through a broker outage (real PostgreSQL, RabbitMQ behind a proxy the test cuts)', () => {
  let proxy: TcpProxy;
  let harness: ProgressHarness;

  beforeAll(async () => {
    const broker = new URL(testAmqpUrl());
    proxy = await new TcpProxy({ host: broker.hostname, port: Number(broker.port || 5672) }).start();
    const viaProxy = new URL(testAmqpUrl());
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    harness = await ProgressHarness.start({ AMQP_URL: viaProxy.toString().replace(/\/$/, '') });
  });

  afterAll(async () => {
    proxy?.restore();
    await harness?.close();
    await proxy?.stop();
  });

  const management = () => request(harness.progress.management);
  const brokerState = async () => (await management().get(`${API}/health/ready`)).body?.details?.broker?.status;

  it('stays ready and keeps accepting writes; events flow both ways once the broker is back', async () => {
    await waitFor('the broker to be up', async () => (await brokerState()) === 'up');
    const lesson = randomUUID();
    const courseId = await harness.publishCourse(oneSection([lesson]));
    const learner = await harness.learner();

    proxy.cut();
    await waitFor('readiness to report the broker down', async () => (await brokerState()) === 'down');
    const ready = await management().get(`${API}/health/ready`).expect(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' } },
      error: { broker: { status: 'down', gatesReadiness: false } },
    });

    // Writes while the broker is away: enrol and complete the course; the completion waits in the outbox.
    await harness.enrol(learner, courseId);
    await harness.http().post(`${API}/lessons/${lesson}/complete`).set(as(learner)).expect(200);
    await harness.http().get(`${API}/courses/${courseId}`).set(as(learner)).expect(200);
    expect(await harness.completionsRecorded(learner.id, courseId)).toBe(1);
    // catalog publishes meanwhile (straight to the broker): it waits in progress's queue.
    const later = oneSection([randomUUID()]);
    const laterEvent = await harness.publish(CATALOG_EVENTS.coursePublished, snapshot(later, 1));
    await management().get(`${API}/health/ready`).expect(200);
    const completedEvents = () =>
      harness.events.filter((event) => event.payload.userId === learner.id && event.payload.courseId === courseId);
    expect(completedEvents()).toEqual([]);

    proxy.restore();
    await waitFor(
      'the completion recorded during the outage to reach the broker',
      async () => completedEvents().length === 1,
      30_000,
    );
    await harness.processed(laterEvent);
    await harness.enrol(learner, later.courseId);
    await waitFor('readiness to report the broker up again', async () => (await brokerState()) === 'up', 15_000);
  });
});
