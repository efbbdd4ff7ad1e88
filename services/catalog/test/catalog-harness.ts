import { randomUUID } from 'node:crypto';
import {
  BACKEND_SERVICES,
  type EventEnvelope,
  type EventPayloads,
  type EventType,
  type Role,
} from '@platform/contracts';
import { connectEventConsumer } from '@platform/messaging';
import {
  type ServiceTopology,
  serviceTopology,
  type ServiceUnderTest,
  startServiceUnderTest,
  TestEventBroker,
} from '@platform/service-testing';
import { startTestTokenIssuer, type TestTokenIssuer } from '@platform/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { CatalogConfig } from '../src/config/catalog.config';

export const API = BACKEND_SERVICES.catalog.routePrefix;

export interface Caller {
  readonly id: string;
  readonly token: string;
  readonly email?: string;
  readonly displayName?: string;
}

export const as = (caller: Caller): { authorization: string } => ({ authorization: `Bearer ${caller.token}` });

export const QUIZ = {
  type: 'quiz',
  title: 'Check',
  passPercent: 50,
  maxAttempts: 3,
  questions: [
    {
      prompt: '1+1?',
      choices: [
        { text: '2', correct: true },
        { text: '3', correct: false },
      ],
    },
  ],
};

export interface OutboxRow {
  id: string;
  type: string;
  payload: Record<string, unknown> & { courseId?: string; revision?: number };
}

/**
 * catalog in-process as deployed: its own migrated database, the machine's RabbitMQ on an exchange
 * (and so a consumer queue) of its own, real HTTP, tokens from a real JWKS. Every event catalog
 * publishes is also copied to `events` (TestEventBroker's tap).
 */
export class CatalogHarness {
  private constructor(
    readonly catalog: ServiceUnderTest<CatalogConfig>,
    private readonly issuer: TestTokenIssuer,
    readonly broker: TestEventBroker,
    readonly users: Record<
      'instructor' | 'otherInstructor' | 'learner' | 'otherLearner' | 'moderator' | 'admin',
      Caller
    >,
  ) {}

  /** `env` overrides the service's test environment (e.g. AMQP_URL through a TcpProxy). */
  static async start(env: Record<string, string> = {}): Promise<CatalogHarness> {
    const issuer = await startTestTokenIssuer();
    const catalog = await startServiceUnderTest({
      name: 'catalog',
      routePrefix: API,
      configClass: CatalogConfig,
      module: (config) => AppModule.forRoot(config),
      env: { ...issuer.env, ...env },
      connectConsumers: connectEventConsumer,
    });
    const broker = await TestEventBroker.connect(catalog.config.EVENTS_EXCHANGE);
    await broker.tap('catalog.#');
    const [instructor, otherInstructor, learner, otherLearner, moderator, admin] = await Promise.all([
      issuer.user('instructor'),
      issuer.user('instructor'),
      issuer.user('learner'),
      issuer.user('learner'),
      issuer.user('moderator'),
      issuer.user('admin'),
    ]);
    return new CatalogHarness(catalog, issuer, broker, {
      instructor,
      otherInstructor,
      learner,
      otherLearner,
      moderator,
      admin,
    });
  }

  /** Every event catalog published during the test, in arrival order. */
  get events(): EventEnvelope[] {
    return this.broker.events;
  }

  /** The same user signed in again with other roles (e.g. after an admin took the instructor role away). */
  async withRoles(caller: Caller, ...roles: Role[]): Promise<Caller> {
    const user = { id: caller.id, email: caller.email ?? '', displayName: caller.displayName ?? '', roles };
    return { ...user, token: await this.issuer.sign(user) };
  }

  http(): ReturnType<typeof request> {
    return request(this.catalog.app.getHttpServer());
  }

  /** What catalog declared on the broker for this test: the exchange, its queue, retry queues and DLQ. */
  topology(): ServiceTopology {
    return serviceTopology(this.catalog.app);
  }

  /** Publishes an event as another service would: a full envelope on the test's exchange, confirmed. */
  publish<T extends EventType>(type: T, payload: EventPayloads[T] | Record<string, unknown>): Promise<string> {
    return this.broker.publish(type, payload);
  }

  /** What catalog recorded in its outbox about one course, oldest first. */
  async outbox(courseId: string): Promise<OutboxRow[]> {
    return this.sql<OutboxRow>(
      `select id, type, payload from outbox_message where payload->>'courseId' = ? order by occurred_at, id`,
      [courseId],
    );
  }

  sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
    return this.catalog.orm.em.getConnection().execute<T[]>(query, params);
  }

  /** A draft course with one section holding a text lesson and a quiz lesson. */
  async courseWithLessons(owner: Caller = this.users.instructor, title = `Course ${randomUUID()}`) {
    const http = () => this.http();
    const course = (
      await http().post(`${API}/courses`).set(as(owner)).send({ title, description: 'About things' }).expect(201)
    ).body;
    const section = (
      await http().post(`${API}/courses/${course.id}/sections`).set(as(owner)).send({ title: 'One' }).expect(201)
    ).body;
    const text = (
      await http()
        .post(`${API}/sections/${section.id}/lessons`)
        .set(as(owner))
        .send({ type: 'text', title: 'Read', content: 'Hello' })
        .expect(201)
    ).body;
    const quiz = (await http().post(`${API}/sections/${section.id}/lessons`).set(as(owner)).send(QUIZ).expect(201))
      .body;
    return { course, section, text, quiz };
  }

  async publishCourse(courseId: string, owner: Caller = this.users.instructor): Promise<void> {
    await this.http().post(`${API}/courses/${courseId}/publish`).set(as(owner)).expect(200);
  }

  /** Stops catalog, drops its database and removes this test's exchange and queues from the broker. */
  async close(): Promise<void> {
    const { queues } = this.topology();
    try {
      await this.catalog.close();
      await this.broker.removeTopology(queues);
    } finally {
      await this.broker.close();
      await this.issuer.close();
    }
  }
}
