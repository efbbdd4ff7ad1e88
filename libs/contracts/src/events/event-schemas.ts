import { z } from 'zod';
import { QUIZ_DEFAULTS, QUIZ_REVIEW_POLICIES } from '../quiz-settings';
import { ROLES } from '../roles';
import { CATALOG_EVENTS, type LessonSnapshot, LESSON_TYPES } from './catalog.events';
import type { EventEnvelope } from './envelope';
import { IDENTITY_EVENTS } from './identity.events';
import { MEDIA_EVENTS } from './media.events';
import { PROGRESS_EVENTS } from './progress.events';
import type { EventPayloads, EventType } from './index';

// The web app imports this lib under a CSP without 'unsafe-eval'. It never uses these schemas, so the
// bundler leaves them and zod out (`sideEffects: false` in package.json); should one ever be bundled,
// zod must not compile parsers with `new Function`, which the browser would refuse and report.
z.config({ jitless: true });

/** Any 8-4-4-4-12 hex id, as PostgreSQL's uuid type accepts (no version or variant check). */
const uuid = z.guid({ error: 'must be a uuid' });

/** Whether a value is a uuid string: the one check every consumer and the envelope use. */
export function isUuid(value: unknown): value is string {
  return uuid.safeParse(value).success;
}

const revision = z.number().int().min(1).describe('Monotonic per course: bumped by every change catalog records.');
/** An id that may be missing from the wire: read as null (no media), as the payload types say. */
const uuidOrNull = uuid.nullish().transform((value) => value ?? null);
/** Media ids a course uses: bounded, so a malformed event cannot make media write an unbounded list. */
const mediaIdList = z.array(uuid).max(10_000);

/** The wire envelope of every event (DESIGN.md "Messaging"); each refusal names its field. */
export const eventEnvelopeSchema = z.object({
  id: z
    .guid({ error: 'id must be a uuid' })
    .describe('Unique message id: consumers record it so redeliveries are no-ops.'),
  type: z.string({ error: 'type must be a non-empty string' }).min(1, { error: 'type must be a non-empty string' }),
  version: z
    .number({ error: 'version must be a positive integer' })
    .int({ error: 'version must be a positive integer' })
    .min(1, {
      error: 'version must be a positive integer',
    }),
  occurredAt: z
    .string({ error: 'occurredAt must be an ISO date' })
    .refine((value) => !Number.isNaN(Date.parse(value)), { error: 'occurredAt must be an ISO date' })
    .describe('ISO-8601 instant at which the state change happened.'),
  correlationId: z
    .string({ error: 'correlationId must be a string' })
    .min(1, { error: 'correlationId must be a string' })
    .describe('Follows a user action across services and into every log line it causes.'),
  source: z.string({ error: 'source must be a string' }).optional().describe('The service that recorded the event.'),
  payload: z.record(z.string(), z.unknown(), { error: 'payload must be an object' }),
}) satisfies z.ZodType<Omit<EventEnvelope, 'source'> & { source?: string }>;

const quizAnswerKey = z.object({
  passPercent: z.number().int().min(0).max(100),
  // Left out by a catalog older than the quiz rules: the defaults its migration gave stored quizzes.
  maxAttempts: z
    .number()
    .int()
    .min(1)
    .nullish()
    .transform((value) => value ?? QUIZ_DEFAULTS.maxAttempts),
  review: z.enum(QUIZ_REVIEW_POLICIES).default(QUIZ_DEFAULTS.review),
  allowRetakeAfterPass: z.boolean().default(QUIZ_DEFAULTS.allowRetakeAfterPass),
  questions: z
    .array(
      z
        .object({
          questionId: uuid,
          choiceIds: z.array(uuid),
          correctChoiceIds: z.array(uuid),
          explanation: z
            .string()
            .nullish()
            .transform((value) => value ?? null),
        })
        .refine((question) => question.correctChoiceIds.every((id) => question.choiceIds.includes(id)), {
          error: 'correctChoiceIds must be among choiceIds',
          path: ['correctChoiceIds'],
        }),
    )
    .refine((questions) => new Set(questions.map((question) => question.questionId)).size === questions.length, {
      error: 'question ids must be unique',
    }),
});

const lessonSnapshot = z
  .object({
    lessonId: uuid,
    type: z.enum(LESSON_TYPES),
    title: z.string(),
    position: z.number().int().min(0),
    quiz: quizAnswerKey.optional().describe('Present for quiz lessons only.'),
  })
  .refine((lesson: { type: LessonSnapshot['type']; quiz?: unknown }) => lesson.type !== 'quiz' || lesson.quiz, {
    error: 'a quiz lesson needs its answer key',
    path: ['quiz'],
  });

const sectionSnapshot = z.object({
  sectionId: uuid,
  title: z.string(),
  position: z.number().int().min(0),
  lessons: z.array(lessonSnapshot),
});

const courseOutlineSnapshot = z
  .object({
    courseId: uuid,
    revision,
    title: z.string(),
    slug: z.string(),
    instructorId: uuid,
    sections: z.array(sectionSnapshot),
  })
  .refine(
    (course) => {
      const ids = course.sections.flatMap((section) => [
        section.sectionId,
        ...section.lessons.map((lesson) => lesson.lessonId),
      ]);
      return new Set(ids).size === ids.length;
    },
    { error: 'section and lesson ids must be unique', path: ['sections'] },
  )
  .describe('The whole published outline of a course at one revision.');

const courseWithdrawal = z.object({ courseId: uuid, revision });

const sectionEvent = z.object({
  courseId: uuid,
  revision,
  sectionId: uuid,
  title: z.string(),
  position: z.number().int().min(0),
});

const lessonEvent = z.object({
  courseId: uuid,
  revision,
  sectionId: uuid,
  lesson: lessonSnapshot,
  mediaId: uuidOrNull.describe('Media id of a video lesson.'),
  captionsMediaId: uuid.nullable().optional().describe("Media id of a video lesson's WebVTT captions."),
});

const variantSize = z.object({ width: z.number().int().min(1), height: z.number().int().min(1) });

/**
 * One parser per event type: what the consumer transport (libs/messaging) runs on every payload before
 * a handler sees it, and the source of the AsyncAPI document. Each one's output is checked against
 * the payload type the publishers are typed with.
 */
export const EVENT_PAYLOAD_SCHEMAS = {
  [IDENTITY_EVENTS.userRegistered]: z.object({
    userId: uuid,
    email: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(ROLES)),
  }),
  [IDENTITY_EVENTS.userRolesChanged]: z.object({
    userId: uuid,
    roles: z.array(z.enum(ROLES)),
    previousRoles: z.array(z.enum(ROLES)),
    changedBy: uuid,
  }),
  [CATALOG_EVENTS.coursePublished]: courseOutlineSnapshot,
  [CATALOG_EVENTS.courseUpdated]: courseOutlineSnapshot,
  [CATALOG_EVENTS.courseUnpublished]: courseWithdrawal,
  [CATALOG_EVENTS.courseDeleted]: courseWithdrawal.extend({
    instructorId: uuid.optional().describe("So media deletes only an image the course's own instructor uploaded."),
    coverMediaId: uuidOrNull.describe('So media can delete an image no longer used.'),
  }),
  [CATALOG_EVENTS.courseCoverChanged]: z.object({
    courseId: uuid,
    instructorId: uuid.optional().describe('Absent only in events recorded before this field existed.'),
    mediaId: uuidOrNull,
    previousMediaId: uuidOrNull,
  }),
  [CATALOG_EVENTS.courseMediaChanged]: z.object({
    courseId: uuid,
    revision,
    instructorId: uuid,
    published: z.boolean().describe('Published (visible to learners) at this revision.'),
    coverMediaId: uuidOrNull,
    videoMediaIds: mediaIdList,
    captionMediaIds: mediaIdList,
    imageMediaIds: mediaIdList,
  }),
  [CATALOG_EVENTS.sectionAdded]: sectionEvent,
  [CATALOG_EVENTS.sectionChanged]: sectionEvent,
  [CATALOG_EVENTS.sectionRemoved]: z.object({ courseId: uuid, revision, sectionId: uuid }),
  [CATALOG_EVENTS.lessonAdded]: lessonEvent,
  [CATALOG_EVENTS.lessonChanged]: lessonEvent,
  [CATALOG_EVENTS.lessonRemoved]: z.object({ courseId: uuid, revision, sectionId: uuid, lessonId: uuid }),
  [MEDIA_EVENTS.imageUploaded]: z.object({
    mediaId: uuid,
    ownerId: uuid,
    objectKey: z.string().min(1),
    contentType: z.string().min(1),
  }),
  [MEDIA_EVENTS.imageProcessed]: z.object({
    mediaId: uuid,
    ownerId: uuid,
    status: z.enum(['ready', 'failed']),
    reason: z
      .string()
      .nullish()
      .transform((value) => value ?? null)
      .describe('Why processing failed (status `failed`).'),
    variants: z
      .object({ small: variantSize.optional(), card: variantSize.optional(), medium: variantSize.optional() })
      .nullish()
      .transform((value) => value ?? {}),
  }),
  [MEDIA_EVENTS.videoUploaded]: z.object({ mediaId: uuid, ownerId: uuid }),
  [MEDIA_EVENTS.mediaDeleted]: z.object({ mediaId: uuid, ownerId: uuid }),
  [PROGRESS_EVENTS.courseCompleted]: z.object({
    userId: uuid,
    courseId: uuid,
    completedAt: z.string().refine((value) => !Number.isNaN(Date.parse(value)), { error: 'must be an ISO date' }),
  }),
} as const satisfies { readonly [K in EventType]: z.ZodType<EventPayloads[K]> };

/** Why an event payload does not match its type's schema: every problem, each with its path. */
export class EventPayloadError extends Error {
  constructor(
    readonly type: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid ${type} payload: ${problems.join('; ')}`);
    this.name = 'EventPayloadError';
  }
}

export function isKnownEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_PAYLOAD_SCHEMAS, type);
}

/** `path: message` for each issue, the path in dotted form (`sections.0.lessons.1.quiz`), or the messages alone. */
export function describeIssues(error: z.ZodError, withPaths = true): string[] {
  return error.issues.map((issue) =>
    withPaths && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message,
  );
}

/** Parses a payload of a platform event type: its typed (defaults applied) value, or EventPayloadError. */
export function parseEventPayload<K extends EventType>(type: K, payload: unknown): EventPayloads[K] {
  const result = EVENT_PAYLOAD_SCHEMAS[type].safeParse(payload);
  if (!result.success) throw new EventPayloadError(type, describeIssues(result.error));
  return result.data as EventPayloads[K];
}
