import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKEND_SERVICES, type BackendServiceName, consumerQueueOf, operationalPath } from '@platform/contracts';
import { type ReceivedSpan, startTraceReceiver, type TraceReceiver } from '@platform/dev-traces';
import { consumerTopology, topologyQueues } from '@platform/messaging';
import {
  createTestDatabase,
  freePort,
  migrateService,
  type ServiceProcess,
  startServiceProcess,
  startTestTokenIssuer,
  type TestDatabase,
  type TestTokenIssuer,
  testAmqpUrl,
  waitFor,
  waitUntilReady,
} from '@platform/testing';
import { connect } from 'amqplib';
import { Client } from 'pg';

const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;
const ERROR = 2;

interface RunningService {
  readonly process: ServiceProcess;
  readonly database: TestDatabase;
  readonly url: string;
}

/**
 * catalog and progress as processes from their builds, exporting their spans over OTLP/HTTP
 * (protobuf) to a receiver in this test: one trace must run from catalog's HTTP request through
 * its outbox and RabbitMQ into progress's consumer, across a redelivery after a failure.
 */
describe('one trace across the outbox and the broker (catalog → RabbitMQ → progress, OTLP)', () => {
  const exchange = `test.events.traces.${Date.now().toString(36)}`;
  const logDir = mkdtempSync(join(tmpdir(), 'traces-e2e-'));
  let receiver: TraceReceiver;
  let issuer: TestTokenIssuer;
  const services: Partial<Record<BackendServiceName, RunningService>> = {};

  async function start(name: BackendServiceName, prepare?: (database: TestDatabase) => Promise<void>) {
    const database = await createTestDatabase(`traces_${name}`);
    const [port, managementPort] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(port),
      MANAGEMENT_PORT: String(managementPort),
      DATABASE_URL: database.serverUrl,
      DATABASE_NAME: database.name,
      AMQP_URL: testAmqpUrl(),
      EVENTS_EXCHANGE: exchange,
      ...issuer.env,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    await migrateService(name, env, logDir);
    await prepare?.(database);
    const child = startServiceProcess(name, { env, logDir });
    const url = `http://127.0.0.1:${port}`;
    services[name] = { process: child, database, url };
    // A bound, not a measure: two services start from their builds on a shared, often busy machine.
    await waitUntilReady(`http://127.0.0.1:${managementPort}${operationalPath(name, 'ready')}`, child, 180_000);
    return url;
  }

  beforeAll(async () => {
    receiver = await startTraceReceiver();
    issuer = await startTestTokenIssuer();
    await start('catalog');
    // progress fails the first time it writes a course to its read model (a sequence survives the
    // rollback), so the event is retried through the retry queue and applied on its second delivery.
    await start('progress', async (database) => {
      const client = new Client({ connectionString: `${database.serverUrl}/${database.name}` });
      await client.connect();
      try {
        await client.query(`
          create sequence injected_failures;
          create function fail_first_write() returns trigger language plpgsql as $$
          begin
            if nextval('injected_failures') = 1 then raise exception 'injected failure of the first write'; end if;
            return new;
          end $$;
          create trigger fail_first_write before insert on course_models for each row execute function fail_first_write();`);
      } finally {
        await client.end();
      }
    });
  }, 420_000);

  afterAll(async () => {
    for (const service of Object.values(services)) {
      await service.process.stop(15_000);
      await service.database.drop();
    }
    const connection = await connect(testAmqpUrl());
    try {
      const channel = await connection.createChannel();
      for (const consumer of ['catalog', 'progress']) {
        // The services' consumers run with the lib's default retries (5 attempts, 1 s base).
        for (const name of topologyQueues(consumerTopology(consumerQueueOf(consumer, exchange), 5, 1000))) {
          await channel.deleteQueue(name).catch(() => undefined);
        }
      }
      await channel.deleteExchange(exchange);
    } finally {
      await connection.close();
    }
    await issuer?.close();
    await receiver?.close();
    rmSync(logDir, { recursive: true, force: true });
  });

  it('shows the request, the outbox row, the publish and both deliveries of the consumer in one trace', async () => {
    const catalog = services.catalog!.url + BACKEND_SERVICES.catalog.routePrefix;
    const instructor = await issuer.user('instructor');
    const call = async (method: string, path: string, body?: object) => {
      const response = await fetch(`${catalog}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${instructor.token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      const answer = (await response.json()) as { id: string };
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
      return answer;
    };
    const course = await call('POST', '/courses', { title: 'Traced', description: 'One trace end to end' });
    const section = await call('POST', `/courses/${course.id}/sections`, { title: 'Only' });
    await call('POST', `/sections/${section.id}/lessons`, { type: 'text', title: 'Read me', content: 'text' });
    await call('POST', `/courses/${course.id}/publish`);

    const spans = () => receiver.store.allSpans();
    const deliveries = await waitFor(
      'both deliveries of catalog.course.published in progress',
      async () => {
        const found = spans().filter(
          (span) =>
            span.service === 'progress' &&
            span.name === 'process catalog.course.published' &&
            span.attributes['messaging.rabbitmq.destination.routing_key'] !== undefined,
        );
        const attempts = found.map((span) => span.attributes['messaging.message.delivery_attempt']);
        return attempts.includes(1) && attempts.includes(2) ? found : undefined;
      },
      30_000,
    );
    const first = deliveries.find((span) => span.attributes['messaging.message.delivery_attempt'] === 1)!;
    const second = deliveries.find((span) => span.attributes['messaging.message.delivery_attempt'] === 2)!;
    expect(first.status.code).toBe(ERROR);
    expect(second.status.code).not.toBe(ERROR);
    expect(second.traceId).toBe(first.traceId);

    const traceId = first.traceId;
    // Every span of the trace has arrived once progress's pg spans of the second delivery are in.
    const trace = await waitFor('the spans of the applied delivery', async () => {
      const all = receiver.store.spans(traceId);
      return all.some((span) => span.parentSpanId === second.spanId && span.service === 'progress') ? all : undefined;
    });
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    const ancestors = (span: ReceivedSpan): ReceivedSpan[] => {
      const chain: ReceivedSpan[] = [];
      for (let parent = byId.get(span.parentSpanId ?? ''); parent; parent = byId.get(parent.parentSpanId ?? ''))
        chain.push(parent);
      return chain;
    };

    // ingress request → catalog handler: the server span named after the route template, Nest's handler below it.
    const request = trace.find((span) => span.service === 'catalog' && span.kind === SERVER)!;
    expect(request).toBeDefined();
    expect(request.name).toBe('POST /api/catalog/courses/:id/publish');
    expect(request.attributes['http.route']).toBe('/api/catalog/courses/:id/publish');
    const handler = trace.find((span) => span.service === 'catalog' && span.attributes['nestjs.type'] === 'handler');
    expect(handler && ancestors(handler)).toContain(request);
    // → the outbox row, inserted in the request's transaction.
    const outboxInsert = trace.find(
      (span) => span.service === 'catalog' && /insert into "outbox_message"/i.test(String(statementOf(span))),
    );
    expect(outboxInsert && ancestors(outboxInsert)).toContain(request);
    // → the relay's publish, continuing the trace stored with the row.
    const publish = trace.find((span) => span.name === 'publish catalog.course.published')!;
    expect(publish).toMatchObject({ service: 'catalog', kind: PRODUCER });
    expect(ancestors(publish)).toContain(request);
    // → progress's deliveries: the first a child of the publish, the retry a child of the failed one.
    expect(first).toMatchObject({ kind: CONSUMER, parentSpanId: publish.spanId });
    expect(second.parentSpanId).toBe(first.spanId);
    expect(first.status.message).toMatch(/injected failure of the first write/);
    // → its transaction: the inbox row and the read model written under the second delivery.
    const applied = trace.filter((span) => span.service === 'progress' && ancestors(span).includes(second));
    expect(applied.map((span) => statementOf(span)).join('\n')).toMatch(/insert into "inbox_message"/i);

    // The logs of both services carry the trace: progress's retry warning names it.
    const progressLog = readFileSync(services.progress!.process.logFile, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const retried = progressLog.find((line) => /failed on attempt 1, retrying/.test(String(line.message)));
    expect(retried).toMatchObject({ trace_id: traceId, span_id: first.spanId });
  });
});

function statementOf(span: ReceivedSpan): unknown {
  return span.attributes['db.query.text'] ?? span.attributes['db.statement'];
}
