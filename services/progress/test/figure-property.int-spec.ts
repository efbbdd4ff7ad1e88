import { randomUUID } from 'node:crypto';
import { CATALOG_EVENTS } from '@platform/contracts';
import { API, as, type CourseSpec, ProgressHarness, snapshot } from './progress-harness';

/** A small deterministic generator (LCG), so a failing sequence can be replayed from its seed. */
function generator(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
}

interface Model {
  sections: Array<{ id: string; lessons: string[] }>;
  revision: number;
  removed: string[];
  done: Set<string>;
  reachedHundred: boolean;
}

const current = (model: Model): string[] => model.sections.flatMap((section) => section.lessons);

/** What the figure must be, computed from the model alone. */
function expected(model: Model) {
  const lessons = current(model);
  const completed = lessons.filter((id) => model.done.has(id)).length;
  return {
    totalLessons: lessons.length,
    completedLessons: completed,
    percent: lessons.length === 0 ? 0 : Math.floor((completed * 100) / lessons.length),
    sections: model.sections.map((section) => ({
      id: section.id,
      lessons: section.lessons.map((id) => ({ id, completed: model.done.has(id) })),
    })),
  };
}

const SEEDS = [1, 7, 42, 2024, 99991];
const STEPS = 30;

describe('progress: the figure over random outline changes and completions (property, real services)', () => {
  let harness: ProgressHarness;
  const http = () => harness.http();

  beforeAll(async () => {
    harness = await ProgressHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it.each(SEEDS)(
    'seed %i: random adds, removes, moves, re-adds, stale replays and completions never give a wrong percent',
    async (seed) => {
      const random = generator(seed);
      const pick = <T>(items: readonly T[]): T => items[random(items.length)];
      const learner = await harness.learner();
      const courseId = randomUUID();
      const model: Model = {
        sections: [{ id: randomUUID(), lessons: [randomUUID(), randomUUID()] }],
        revision: 1,
        removed: [],
        done: new Set(),
        reachedHundred: false,
      };
      const spec = (): CourseSpec => ({
        courseId,
        sections: model.sections.map((s) => ({ ...s, lessons: [...s.lessons] })),
      });
      const history: CourseSpec[] = [spec()];
      await harness.publishCourse(spec(), model.revision);
      await harness.enrol(learner, courseId);
      const log: string[] = [];

      for (let step = 0; step < STEPS; step++) {
        const lessons = current(model);
        const action = random(8);
        let changedOutline = false;
        if (action === 0 || (action === 1 && lessons.length === 0)) {
          // Add a lesson at a random place of a random section (sometimes a new section).
          if (random(4) === 0)
            model.sections.splice(random(model.sections.length + 1), 0, { id: randomUUID(), lessons: [] });
          const section = pick(model.sections);
          section.lessons.splice(random(section.lessons.length + 1), 0, randomUUID());
          changedOutline = true;
          log.push('add');
        } else if (action === 1) {
          const id = pick(lessons);
          for (const section of model.sections) section.lessons = section.lessons.filter((lesson) => lesson !== id);
          model.removed.push(id);
          changedOutline = true;
          log.push('remove');
        } else if (action === 2 && model.sections.length > 1) {
          const [gone] = model.sections.splice(random(model.sections.length), 1);
          model.removed.push(...gone.lessons);
          changedOutline = true;
          log.push('remove section');
        } else if (action === 3 && model.removed.length > 0) {
          // A removed lesson comes back (its earlier completion counts again).
          const id = model.removed.splice(random(model.removed.length), 1)[0];
          pick(model.sections).lessons.push(id);
          changedOutline = true;
          log.push('re-add');
        } else if (action === 4 && lessons.length > 0) {
          const id = pick(lessons);
          for (const section of model.sections) section.lessons = section.lessons.filter((lesson) => lesson !== id);
          const to = pick(model.sections);
          to.lessons.splice(random(to.lessons.length + 1), 0, id);
          changedOutline = true;
          log.push('move');
        } else if (action === 5) {
          // A late, older snapshot: must change nothing.
          await harness.deliver(CATALOG_EVENTS.courseUpdated, snapshot(pick(history), random(model.revision) + 1));
          log.push('stale replay');
        } else if (action === 6 && model.removed.length > 0) {
          await http()
            .post(`${API}/lessons/${pick(model.removed)}/complete`)
            .set(as(learner))
            .expect(404);
          log.push('complete removed');
        } else if (lessons.length > 0) {
          const id = pick(lessons);
          const response = await http().post(`${API}/lessons/${id}/complete`).set(as(learner)).expect(200);
          model.done.add(id);
          expect(response.body).toMatchObject({ percent: expected(model).percent });
          log.push('complete');
        }
        if (changedOutline) {
          model.revision += 1 + random(3); // catalog's revisions only grow, not necessarily by one
          history.push(spec());
          await harness.deliver(CATALOG_EVENTS.courseUpdated, snapshot(spec(), model.revision));
        }
        const want = expected(model);
        if (want.totalLessons > 0 && want.completedLessons === want.totalLessons) model.reachedHundred = true;

        const view = (await http().get(`${API}/courses/${courseId}`).set(as(learner)).expect(200)).body;
        const context = { seed, step, actions: log.join(' → ') };
        expect({ ...context, percent: view.percent }).toEqual({ ...context, percent: want.percent });
        expect(view).toEqual({
          courseId,
          courseStatus: 'published',
          enrolled: true,
          // A certificate from the first 100 % on, whatever the outline does afterwards.
          certificateId: model.reachedHundred ? expect.any(String) : null,
          ...want,
        });
        expect(Number.isInteger(view.percent) && view.percent >= 0 && view.percent <= 100).toBe(true);
        const [listed] = (await http().get(`${API}/enrollments`).set(as(learner)).expect(200)).body.items;
        expect(listed).toMatchObject({
          percent: want.percent,
          completedLessons: want.completedLessons,
          totalLessons: want.totalLessons,
          certificateId: view.certificateId,
        });
      }
      const certificates = await harness.sql('select id from certificates where user_id = ? and course_id = ?', [
        learner.id,
        courseId,
      ]);
      expect(certificates).toHaveLength(model.reachedHundred ? 1 : 0);
      // Announced exactly once if the learner ever reached 100 %, never otherwise.
      expect(await harness.completionsRecorded(learner.id, courseId)).toBe(model.reachedHundred ? 1 : 0);
    },
  );
});
