import { randomUUID } from 'node:crypto';
import {
  BACKEND_SERVICES,
  CATALOG_EVENTS,
  type CourseOutlineSnapshot,
  type EventEnvelope,
  type QuizAnswerKey,
  type QuizReviewPolicy,
} from '@platform/contracts';
import { connectEventConsumer } from '@platform/messaging';
import {
  serviceTopology,
  type ServiceUnderTest,
  startServiceUnderTest,
  TestEventBroker,
} from '@platform/service-testing';
import { startTestTokenIssuer, type TestTokenIssuer, waitFor } from '@platform/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { ProgressConfig, progressEventsQueue } from '../src/config/progress.config';
import { courseProgressOpenApi } from '../src/course-progress/course-progress.route';

export const API = BACKEND_SERVICES.progress.routePrefix;

export interface Caller {
  readonly id: string;
  readonly token: string;
}

export const as = (caller: Caller): { authorization: string } => ({ authorization: `Bearer ${caller.token}` });

/** A quiz lesson with one single-choice question, its answer key and rules as catalog sends them. */
export interface QuizSpec {
  readonly lessonId: string;
  readonly questionId: string;
  readonly right: string;
  readonly wrong: string;
  readonly maxAttempts: number;
  readonly passPercent: number;
  readonly review: QuizReviewPolicy;
  readonly allowRetakeAfterPass: boolean;
  readonly explanation: string | null;
}

export const newQuiz = (
  maxAttempts = 3,
  passPercent = 100,
  rules: Partial<Pick<QuizSpec, 'review' | 'allowRetakeAfterPass' | 'explanation'>> = {},
): QuizSpec => ({
  lessonId: randomUUID(),
  questionId: randomUUID(),
  right: randomUUID(),
  wrong: randomUUID(),
  maxAttempts,
  passPercent,
  review: rules.review ?? 'after-pass-or-last-attempt',
  allowRetakeAfterPass: rules.allowRetakeAfterPass ?? false,
  explanation: rules.explanation ?? null,
});

/** A video lesson of a test outline. */
export interface VideoSpec {
  readonly videoLessonId: string;
}

/** A lesson of a test outline: a text lesson by id, a quiz or a video. */
export type LessonSpec = string | QuizSpec | VideoSpec;

export interface CourseSpec {
  readonly courseId: string;
  readonly title?: string;
  readonly instructorId?: string;
  readonly sections: ReadonlyArray<{ readonly id: string; readonly lessons: readonly LessonSpec[] }>;
}

function quizKey(quiz: QuizSpec): QuizAnswerKey {
  return {
    passPercent: quiz.passPercent,
    maxAttempts: quiz.maxAttempts,
    review: quiz.review,
    allowRetakeAfterPass: quiz.allowRetakeAfterPass,
    questions: [
      {
        questionId: quiz.questionId,
        choiceIds: [quiz.right, quiz.wrong],
        correctChoiceIds: [quiz.right],
        explanation: quiz.explanation,
      },
    ],
  };
}

/** The `catalog.course.published|updated` payload for an outline at a revision. */
export function snapshot(course: CourseSpec, revision: number): CourseOutlineSnapshot {
  return {
    courseId: course.courseId,
    revision,
    title: course.title ?? `Course ${course.courseId.slice(0, 8)}`,
    slug: `course-${course.courseId}`,
    instructorId: course.instructorId ?? '00000000-0000-4000-8000-000000000001',
    sections: course.sections.map((section, s) => ({
      sectionId: section.id,
      title: `Section ${s + 1}`,
      position: s + 1,
      lessons: section.lessons.map((lesson, l) =>
        typeof lesson === 'string'
          ? { lessonId: lesson, type: 'text' as const, title: `Lesson ${l + 1}`, position: l + 1 }
          : 'videoLessonId' in lesson
            ? { lessonId: lesson.videoLessonId, type: 'video' as const, title: `Video ${l + 1}`, position: l + 1 }
            : {
                lessonId: lesson.lessonId,
                type: 'quiz' as const,
                title: 'Quiz',
                position: l + 1,
                quiz: quizKey(lesson),
              },
      ),
    })),
  };
}

/** One section holding these lessons. */
export const oneSection = (lessons: readonly LessonSpec[], courseId: string = randomUUID()): CourseSpec => ({
  courseId,
  sections: [{ id: randomUUID(), lessons }],
});

/** What progress publishes: `progress.course.completed` and the like, about one learner and course. */
export type ProgressEvent = EventEnvelope<string, { userId: string; courseId: string; completedAt: string }>;

/**
 * progress in-process as deployed: its own migrated database, the machine's RabbitMQ on an
 * exchange (and so a consumer queue) of its own, real HTTP, tokens from a real JWKS. Catalog's
 * events are published the way catalog's relay does: an EventEnvelope as JSON on the exchange,
 * routing key = type, with publisher confirms. Every event progress publishes is copied to `events`.
 */
export class ProgressHarness {
  private constructor(
    readonly progress: ServiceUnderTest<ProgressConfig>,
    readonly issuer: TestTokenIssuer,
    private readonly broker: TestEventBroker<ProgressEvent>,
  ) {}

  /** `env` overrides the service's test environment (e.g. AMQP_URL through a TcpProxy). */
  static async start(env: Record<string, string> = {}): Promise<ProgressHarness> {
    const issuer = await startTestTokenIssuer();
    const progress = await startServiceUnderTest({
      name: 'progress',
      routePrefix: API,
      configClass: ProgressConfig,
      module: (config) => AppModule.forRoot(config),
      env: { ...issuer.env, ...env },
      connectConsumers: connectEventConsumer,
      openApiPaths: courseProgressOpenApi,
    });
    const broker = await TestEventBroker.connect<ProgressEvent>(progress.config.EVENTS_EXCHANGE);
    await broker.tap('progress.#');
    return new ProgressHarness(progress, issuer, broker);
  }

  /** Every event progress published during the test, in arrival order. */
  get events(): ProgressEvent[] {
    return this.broker.events;
  }

  http(): ReturnType<typeof request> {
    return request(this.progress.app.getHttpServer());
  }

  learner(): Promise<Caller> {
    return this.issuer.user('learner');
  }

  /** Publishes an event as catalog's relay would (confirmed by the broker); answers its id. */
  publish(type: string, payload: unknown, id?: string): Promise<string> {
    return this.broker.publish(type, payload, { id, source: 'catalog' });
  }

  /**
   * Resolves once progress has processed the event (applied it, or found it stale or a
   * redelivery): the consumer commits an inbox row with the handler's work, in one transaction.
   */
  async processed(eventId: string): Promise<void> {
    await waitFor(
      `event ${eventId} to be processed`,
      async () => (await this.sql('select 1 from inbox_message where message_id = ?', [eventId])).length > 0,
      10_000,
      10,
    );
  }

  /** Publishes an event and waits until progress has processed it. */
  async deliver(type: string, payload: unknown, id?: string): Promise<string> {
    const eventId = await this.publish(type, payload, id);
    await this.processed(eventId);
    return eventId;
  }

  /** Publishes the course's outline at `revision` (catalog.course.published) and waits for it. */
  async publishCourse(course: CourseSpec, revision = 1): Promise<string> {
    await this.deliver(CATALOG_EVENTS.coursePublished, snapshot(course, revision));
    return course.courseId;
  }

  async enrol(caller: Caller, courseId: string): Promise<void> {
    await this.http().post(`${API}/enrollments`).set(as(caller)).send({ courseId }).expect(201);
  }

  /** `progress.course.completed` events recorded in the outbox for a learner and course. */
  async completionsRecorded(userId: string, courseId: string): Promise<number> {
    const [row] = await this.sql<{ count: string }>(
      `select count(*) from outbox_message where type = 'progress.course.completed'
          and payload->>'userId' = ? and payload->>'courseId' = ?`,
      [userId, courseId],
    );
    return Number(row.count);
  }

  /** progress's consumer queue on this test's exchange. */
  queue(): string {
    return progressEventsQueue(this.progress.config);
  }

  /** progress's dead-letter queue on this test's exchange. */
  deadLetterQueue(): string {
    return serviceTopology(this.progress.app).deadLetterQueue!;
  }

  /** Takes one message off a queue of this test, if there is one. */
  take(queue: string): Promise<EventEnvelope | undefined> {
    return this.broker.take(queue);
  }

  sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
    return this.progress.orm.em.fork().getConnection().execute<T[]>(query, params);
  }

  /** Stops progress, drops its database and removes this test's exchange and queues from the broker. */
  async close(): Promise<void> {
    const { queues } = serviceTopology(this.progress.app);
    try {
      await this.progress.close();
      await this.broker.removeTopology(queues);
    } finally {
      await this.broker.close();
      await this.issuer.close();
    }
  }
}
