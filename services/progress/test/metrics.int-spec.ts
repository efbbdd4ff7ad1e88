import { randomUUID } from 'node:crypto';
import { CATALOG_EVENTS } from '@platform/contracts';
import { waitFor } from '@platform/testing';
import request from 'supertest';
import { API, as, oneSection, ProgressHarness } from './progress-harness';

/** `name{labels} value` lines of a Prometheus text scrape, with the `# TYPE` of each family. */
function parseScrape(text: string): {
  samples: Array<{ name: string; labels: Record<string, string>; value: number }>;
  types: Map<string, string>;
} {
  const samples: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1], type[2]);
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) continue;
    const labels = Object.fromEntries(
      [...(sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    samples.push({ name: sample[1], labels, value: Number(sample[3]) });
  }
  return { samples, types };
}

describe('progress: the metrics SREs alert on, scraped over HTTP after real traffic (PostgreSQL, RabbitMQ)', () => {
  let harness: ProgressHarness;

  beforeAll(async () => {
    harness = await ProgressHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  // On the management port, where Prometheus scrapes (the public one answers 404).
  const scrape = async () =>
    parseScrape((await request(harness.progress.management).get(`${API}/metrics`).expect(200)).text);
  const value = (
    samples: Array<{ name: string; labels: Record<string, string>; value: number }>,
    name: string,
    labels: Record<string, string> = {},
  ) =>
    samples
      .filter((s) => s.name === name && Object.entries(labels).every(([key, wanted]) => s.labels[key] === wanted))
      .reduce((sum, s) => sum + s.value, 0);

  it('reports RED per route template, event latency, queue and DLQ depths, outbox backlog and pool saturation', async () => {
    const learner = await harness.learner();
    const [a, b] = [randomUUID(), randomUUID()];
    const courseId = await harness.publishCourse(oneSection([a, b]));
    await harness.enrol(learner, courseId);
    await harness.http().post(`${API}/lessons/${a}/complete`).set(as(learner)).expect(200);
    await harness.http().post(`${API}/lessons/${randomUUID()}/complete`).set(as(learner)).expect(404);
    // A payload progress refuses: parked in its dead-letter queue at once.
    await harness.publish(CATALOG_EVENTS.coursePublished, { courseId: 'not-a-uuid' });
    const queue = harness.queue();

    const { samples, types } = await waitFor('the DLQ depth to show the parked message', async () => {
      const scraped = await scrape();
      return value(scraped.samples, 'messaging_dead_letter_queue_messages', { queue }) === 1 ? scraped : undefined;
    });

    // RED: requests by route template and status, never by raw path (bounded label cardinality).
    const route = '/api/progress/lessons/:id/complete';
    expect(value(samples, 'http_request_duration_seconds_count', { route, method: 'POST', status_code: '200' })).toBe(
      1,
    );
    expect(value(samples, 'http_request_duration_seconds_count', { route, status_code: '404' })).toBe(1);
    expect(samples.filter((s) => s.labels.route?.includes(a))).toEqual([]);
    // Event end-to-end latency (occurred → applied) per type and queue.
    expect(
      value(samples, 'messaging_event_end_to_end_seconds_count', { type: CATALOG_EVENTS.coursePublished, queue }),
    ).toBeGreaterThanOrEqual(1);
    // Consumer lag: nothing waiting.
    expect(samples).toContainEqual({ name: 'messaging_queue_ready_messages', labels: { queue }, value: 0 });
    // The outbox (progress records progress.course.* events) and the database pool.
    expect(types.get('messaging_outbox_pending_events')).toBe('gauge');
    expect(types.get('messaging_outbox_oldest_pending_age_seconds')).toBe('gauge');
    expect(value(samples, 'db_client_connection_max')).toBe(harness.progress.config.DATABASE_POOL_MAX);
    expect(samples.some((s) => s.name === 'db_client_connection_count' && s.labels.state === 'used')).toBe(true);
    expect(types.get('db_client_connection_pending_requests')).toBe('gauge');
  });

  it('names every metric by the Prometheus/OpenTelemetry conventions: counters _total, durations _seconds', async () => {
    const { types } = await scrape();
    for (const [name, type] of types) {
      if (type === 'counter') expect(name).toMatch(/_total$/);
      if (type === 'histogram') expect(name).toMatch(/_(seconds|bytes)$/);
    }
    expect(types.size).toBeGreaterThan(10);
  });
});
