import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASYNCAPI_DOCUMENT_PATH, buildAsyncApiDocument } from './asyncapi';
import { EVENT_PAYLOAD_SCHEMAS, EventPayloadError, isUuid, parseEventPayload } from './event-schemas';
import { type EventPayloads, type EventType } from './index';

const id = (): string => randomUUID();
const [choiceA, choiceB] = [id(), id()];
const quiz = {
  passPercent: 50,
  maxAttempts: 3,
  review: 'immediately',
  allowRetakeAfterPass: false,
  questions: [{ questionId: id(), choiceIds: [choiceA, choiceB], correctChoiceIds: [choiceA], explanation: null }],
} as const;
const outline = {
  courseId: id(),
  revision: 2,
  title: 'T',
  slug: 't',
  instructorId: id(),
  sections: [
    {
      sectionId: id(),
      title: 'S',
      position: 1,
      lessons: [
        { lessonId: id(), type: 'text', title: 'L', position: 1 },
        { lessonId: id(), type: 'quiz', title: 'Q', position: 2, quiz },
      ],
    },
  ],
} as const;
const lessonEvent = {
  courseId: id(),
  revision: 3,
  sectionId: id(),
  lesson: { lessonId: id(), type: 'video', title: 'V', position: 1 },
  mediaId: id(),
  captionsMediaId: id(),
} as const;

/** A complete payload of every type, each optional field present: what publishers send. */
const SAMPLES: { readonly [K in EventType]: EventPayloads[K] } = {
  'identity.user.registered': { userId: id(), email: 'a@b.c', displayName: 'A', roles: ['learner'] },
  'identity.user.roles-changed': { userId: id(), roles: ['instructor'], previousRoles: ['learner'], changedBy: id() },
  'catalog.course.published': outline,
  'catalog.course.updated': outline,
  'catalog.course.unpublished': { courseId: id(), revision: 4 },
  'catalog.course.deleted': { courseId: id(), revision: 5, instructorId: id(), coverMediaId: id() },
  'catalog.course.cover-changed': { courseId: id(), instructorId: id(), mediaId: id(), previousMediaId: null },
  'catalog.course.media-changed': {
    courseId: id(),
    revision: 6,
    instructorId: id(),
    published: true,
    coverMediaId: null,
    videoMediaIds: [id()],
    captionMediaIds: [],
    imageMediaIds: [id()],
  },
  'catalog.section.added': { courseId: id(), revision: 2, sectionId: id(), title: 'S', position: 0 },
  'catalog.section.changed': { courseId: id(), revision: 2, sectionId: id(), title: 'S', position: 1 },
  'catalog.section.removed': { courseId: id(), revision: 2, sectionId: id() },
  'catalog.lesson.added': lessonEvent,
  'catalog.lesson.changed': lessonEvent,
  'catalog.lesson.removed': { courseId: id(), revision: 2, sectionId: id(), lessonId: id() },
  'media.image.uploaded': { mediaId: id(), ownerId: id(), objectKey: 'k', contentType: 'image/png' },
  'media.image.processed': {
    mediaId: id(),
    ownerId: id(),
    status: 'ready',
    reason: null,
    variants: { small: { width: 160, height: 90 }, card: { width: 480, height: 270 } },
  },
  'media.video.uploaded': { mediaId: id(), ownerId: id() },
  'media.media.deleted': { mediaId: id(), ownerId: id() },
  'progress.course.completed': { userId: id(), courseId: id(), completedAt: new Date().toISOString() },
};

describe('event payload schemas', () => {
  it.each(Object.keys(EVENT_PAYLOAD_SCHEMAS) as EventType[])(
    '%s: a complete payload comes through whole (no field dropped)',
    (type) => {
      expect(parseEventPayload(type, structuredClone(SAMPLES[type]))).toEqual(SAMPLES[type]);
    },
  );

  it('names every problem with its path', () => {
    const broken = structuredClone(outline) as unknown as { courseId: string; sections: { lessons: object[] }[] };
    broken.courseId = 'nope';
    broken.sections[0].lessons[1] = { ...broken.sections[0].lessons[1], quiz: undefined };
    let error: unknown;
    try {
      parseEventPayload('catalog.course.published', broken);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EventPayloadError);
    expect((error as Error).message).toMatch(/^invalid catalog\.course\.published payload: courseId: .*uuid/i);
    expect((error as Error).message).toContain('sections.0.lessons.1.quiz: a quiz lesson needs its answer key');
  });

  it.each([
    [
      'a correct choice that is not a choice',
      { ...quiz, questions: [{ ...quiz.questions[0], correctChoiceIds: [id()] }] },
    ],
    ['a repeated question', { ...quiz, questions: [quiz.questions[0], quiz.questions[0]] }],
    ['an unknown review setting', { ...quiz, review: 'never' }],
    ['an attempt limit of 0', { ...quiz, maxAttempts: 0 }],
  ])('refuses a quiz key with %s', (_name, key) => {
    const course = structuredClone(outline) as unknown as { sections: { lessons: object[] }[] };
    course.sections[0].lessons[1] = { ...course.sections[0].lessons[1], quiz: key };
    expect(() => parseEventPayload('catalog.course.updated', course)).toThrow(EventPayloadError);
  });

  it('refuses repeated section or lesson ids', () => {
    const course = structuredClone(outline) as unknown as { sections: { lessons: { lessonId: string }[] }[] };
    course.sections[0].lessons[1].lessonId = course.sections[0].lessons[0].lessonId;
    expect(() => parseEventPayload('catalog.course.published', course)).toThrow(/ids must be unique/);
  });

  it('gives what older publishers left out its documented value', () => {
    const old = structuredClone(outline) as unknown as {
      sections: { lessons: { quiz?: Record<string, unknown> }[] }[];
    };
    const key = old.sections[0].lessons[1].quiz!;
    key.maxAttempts = null;
    delete key.review;
    delete key.allowRetakeAfterPass;
    delete (key.questions as Record<string, unknown>[])[0].explanation;
    const parsed = parseEventPayload('catalog.course.published', old).sections[0].lessons[1].quiz!;
    expect(parsed).toMatchObject({ maxAttempts: 3, review: 'after-pass-or-last-attempt', allowRetakeAfterPass: false });
    expect(parsed.questions[0].explanation).toBeNull();
    expect(parseEventPayload('catalog.course.cover-changed', { courseId: id() })).toMatchObject({
      mediaId: null,
      previousMediaId: null,
    });
  });

  it('checks uuids as PostgreSQL takes them', () => {
    expect(isUuid('7D444840-9DC0-11D1-B245-5FFDCE74FAD2')).toBe(true);
    expect(isUuid('7d444840-9dc0-11d1-b245-5ffdce74fad')).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
});

describe('AsyncAPI document', () => {
  it(`${ASYNCAPI_DOCUMENT_PATH} is what the schemas generate (run \`npm run generate:contracts\`)`, () => {
    const committed: unknown = JSON.parse(readFileSync(join(__dirname, '../../../..', ASYNCAPI_DOCUMENT_PATH), 'utf8'));
    expect(committed).toEqual(buildAsyncApiDocument());
  });

  it('has a channel and a send operation for every event type', () => {
    const document = buildAsyncApiDocument() as { channels: object; operations: object };
    expect(Object.keys(document.operations)).toEqual(Object.keys(EVENT_PAYLOAD_SCHEMAS).map((type) => `send-${type}`));
    expect(Object.keys(document.channels)).toHaveLength(Object.keys(EVENT_PAYLOAD_SCHEMAS).length);
  });
});
