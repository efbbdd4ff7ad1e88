import { randomUUID } from 'node:crypto';
import { parseSnapshot, parseWithdrawal } from './snapshot-validation';

const quiz = () => {
  const [a, b] = [randomUUID(), randomUUID()];
  return {
    passPercent: 50,
    maxAttempts: 3,
    questions: [{ questionId: randomUUID(), choiceIds: [a, b], correctChoiceIds: [a] }],
  };
};

const snapshot = () => ({
  courseId: randomUUID(),
  revision: 2,
  title: 'T',
  slug: 't',
  instructorId: randomUUID(),
  sections: [
    {
      sectionId: randomUUID(),
      title: 'S',
      position: 1,
      lessons: [
        { lessonId: randomUUID(), type: 'text', title: 'L1', position: 1 },
        { lessonId: randomUUID(), type: 'quiz', title: 'Q', position: 2, quiz: quiz() },
      ],
    },
  ],
});

describe('course snapshot validation', () => {
  it('accepts what catalog sends', () => {
    const valid = snapshot();
    expect(parseSnapshot(valid)).toMatchObject({ courseId: valid.courseId, revision: 2 });
  });

  it('gives a key from a catalog older than the quiz rules the defaults, and keeps the rules it sends', () => {
    const old = snapshot();
    const key = (old.sections[0].lessons[1] as { quiz: Record<string, unknown> }).quiz;
    key.maxAttempts = null;
    const parsed = parseSnapshot(old).sections[0].lessons[1].quiz!;
    expect(parsed).toMatchObject({ maxAttempts: 3, review: 'after-pass-or-last-attempt', allowRetakeAfterPass: false });
    expect(parsed.questions[0].explanation).toBeNull();

    const current = snapshot();
    const set = (current.sections[0].lessons[1] as { quiz: Record<string, unknown> }).quiz;
    Object.assign(set, { maxAttempts: 5, review: 'immediately', allowRetakeAfterPass: true });
    (set.questions as Array<Record<string, unknown>>)[0].explanation = 'Because.';
    const kept = parseSnapshot(current).sections[0].lessons[1].quiz!;
    expect(kept).toMatchObject({ maxAttempts: 5, review: 'immediately', allowRetakeAfterPass: true });
    expect(kept.questions[0].explanation).toBe('Because.');
  });

  const withKey = (change: (key: Record<string, unknown>) => void) => () => {
    const value = snapshot();
    change((value.sections[0].lessons[1] as { quiz: Record<string, unknown> }).quiz);
    return value;
  };

  it.each([
    ['an unknown review setting', withKey((key) => (key.review = 'never'))],
    ['a retake flag that is not a boolean', withKey((key) => (key.allowRetakeAfterPass = 'yes'))],
    ['an attempt limit of 0', withKey((key) => (key.maxAttempts = 0))],
    [
      'an explanation that is not text',
      withKey((key) => ((key.questions as Array<Record<string, unknown>>)[0].explanation = 42)),
    ],
    ['a non-object', () => 'x'],
    ['a bad courseId', () => ({ ...snapshot(), courseId: 'nope' })],
    ['revision 0', () => ({ ...snapshot(), revision: 0 })],
    ['no sections', () => ({ ...snapshot(), sections: undefined })],
    [
      'a repeated lesson id',
      () => {
        const value = snapshot();
        value.sections[0].lessons[1].lessonId = value.sections[0].lessons[0].lessonId;
        return value;
      },
    ],
    [
      'an unknown lesson type',
      () => {
        const value = snapshot();
        value.sections[0].lessons[0].type = 'game';
        return value;
      },
    ],
    [
      'a quiz without a key',
      () => {
        const value = snapshot();
        delete (value.sections[0].lessons[1] as { quiz?: unknown }).quiz;
        return value;
      },
    ],
    [
      'a correct choice that is not a choice',
      () => {
        const value = snapshot();
        const key = (value.sections[0].lessons[1] as { quiz: ReturnType<typeof quiz> }).quiz;
        key.questions[0].correctChoiceIds = [randomUUID()];
        return value;
      },
    ],
  ])('refuses %s', (_name, make) => {
    expect(() => parseSnapshot(make())).toThrow(/invalid course snapshot/);
  });

  it('checks withdrawals', () => {
    const courseId = randomUUID();
    expect(parseWithdrawal({ courseId, revision: 3, coverMediaId: null })).toEqual({ courseId, revision: 3 });
    expect(() => parseWithdrawal({ courseId })).toThrow(/withdrawal/);
  });
});
