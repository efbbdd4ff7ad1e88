import { randomUUID } from 'node:crypto';
import { CATALOG_EVENTS } from '@platform/contracts';
import { BrokerOutage } from '@platform/service-testing';
import { waitFor } from '@platform/testing';
import request from 'supertest';
import { API, as, oneSection, ProgressHarness, snapshot } from './progress-harness';

// DESIGN.md "Operational endpoints": readiness checks what progress needs to serve (its database); the
// broker is reported, not gated on, since the outbox holds the events while it is away.
describe('progress through a broker outage (real PostgreSQL, RabbitMQ behind a proxy the test cuts)', () => {
  let outage: BrokerOutage;
  let harness: ProgressHarness;

  beforeAll(async () => {
    outage = await BrokerOutage.prepare();
    harness = await ProgressHarness.start({ AMQP_URL: outage.amqpUrl });
  });

  afterAll(async () => {
    outage?.restore();
    await harness?.close();
    await outage?.stop();
  });

  it('stays ready and keeps accepting writes; events flow both ways once the broker is back', async () => {
    const lesson = randomUUID();
    const courseId = await harness.publishCourse(oneSection([lesson]));
    const learner = await harness.learner();
    const completed = () =>
      harness.events.filter((event) => event.payload.userId === learner.id && event.payload.courseId === courseId);

    await outage.begin(harness.progress);
    // Writes while the broker is away: enrol and complete the course; the completion waits in the outbox.
    await harness.enrol(learner, courseId);
    await harness.http().post(`${API}/lessons/${lesson}/complete`).set(as(learner)).expect(200);
    await harness.http().get(`${API}/courses/${courseId}`).set(as(learner)).expect(200);
    expect(await harness.completionsRecorded(learner.id, courseId)).toBe(1);
    // catalog publishes meanwhile (straight to the broker): it waits in progress's queue.
    const later = oneSection([randomUUID()]);
    const laterEvent = await harness.publish(CATALOG_EVENTS.coursePublished, snapshot(later, 1));
    const ready = await request(harness.progress.management).get(`${API}/health/ready`).expect(200);
    expect(ready.body.error.broker).toMatchObject({ status: 'down', gatesReadiness: false });
    expect(completed()).toEqual([]);

    await outage.end(harness.progress);
    await waitFor(
      'the completion recorded during the outage to reach the broker',
      async () => completed().length === 1,
      30_000,
    );
    await harness.processed(laterEvent);
    await harness.enrol(learner, later.courseId);
  });
});
