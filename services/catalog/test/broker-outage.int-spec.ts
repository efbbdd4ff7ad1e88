import { CATALOG_EVENTS } from '@platform/contracts';
import { BrokerOutage } from '@platform/service-testing';
import { waitFor } from '@platform/testing';
import request from 'supertest';
import { API, as, CatalogHarness } from './catalog-harness';

// DESIGN.md "Operational endpoints": readiness checks what catalog needs to serve (its database); the
// broker is reported, not gated on, since the outbox holds the events while it is away.
describe('catalog through a broker outage (real PostgreSQL, RabbitMQ behind a proxy the test cuts)', () => {
  let outage: BrokerOutage;
  let harness: CatalogHarness;

  beforeAll(async () => {
    outage = await BrokerOutage.prepare();
    harness = await CatalogHarness.start({ AMQP_URL: outage.amqpUrl });
  });

  afterAll(async () => {
    outage?.restore();
    await harness?.close();
    await outage?.stop();
  });

  const ready = () => request(harness.catalog.management).get(`${API}/health/ready`);
  const published = (courseId: string) =>
    harness.events.filter(
      (event) =>
        event.type === CATALOG_EVENTS.coursePublished && (event.payload as { courseId?: string }).courseId === courseId,
    );

  it('stays ready and keeps accepting writes; their events go out once the broker is back', async () => {
    const { course } = await harness.courseWithLessons();

    await outage.begin(harness.catalog);
    expect((await ready().expect(200)).body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' } },
      error: { broker: { status: 'down', gatesReadiness: false } },
    });
    const metrics = await request(harness.catalog.management).get(`${API}/metrics`).expect(200);
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
    expect(published(course.id)).toEqual([]);
    await ready().expect(200);

    await outage.end(harness.catalog);
    await waitFor(
      'the events recorded during the outage to reach the broker',
      async () => published(course.id).length === 1,
      30_000,
    );
  });
});
