// What each of the load's instructors publishes: two sections, a text, a video and a quiz lesson,
// so a learner's journey touches every lesson type. The quiz's answer key stays with the load
// (learners never see it; the generator knows it because its instructors wrote it).

export interface PlannedQuestion {
  readonly prompt: string;
  readonly choices: ReadonlyArray<{ readonly text: string; readonly correct: boolean }>;
}

export type PlannedLesson =
  | { readonly type: 'text'; readonly title: string; readonly content: string }
  | { readonly type: 'video'; readonly title: string }
  | {
      readonly type: 'quiz';
      readonly title: string;
      readonly passPercent: number;
      readonly questions: PlannedQuestion[];
    };

export interface PlannedSection {
  readonly title: string;
  readonly lessons: PlannedLesson[];
}

export const COURSE_PLAN: PlannedSection[] = [
  {
    title: 'Getting started',
    lessons: [
      { type: 'text', title: 'Welcome', content: 'What this course covers and how it is organised.' },
      { type: 'video', title: 'A short tour' },
    ],
  },
  {
    title: 'Checking in',
    lessons: [
      { type: 'text', title: 'Summary', content: 'The three ideas of the course in a few lines.' },
      {
        type: 'quiz',
        title: 'Final quiz',
        passPercent: 100,
        questions: [
          {
            prompt: 'Which of these are lesson types?',
            choices: [
              { text: 'text', correct: true },
              { text: 'video', correct: true },
              { text: 'spreadsheet', correct: false },
            ],
          },
          {
            prompt: 'What does 100 % progress mean?',
            choices: [
              { text: 'Every current lesson is done', correct: true },
              { text: 'The course was opened', correct: false },
            ],
          },
        ],
      },
    ],
  },
];

export const PLANNED_LESSON_COUNT = COURSE_PLAN.reduce((sum, section) => sum + section.lessons.length, 0);

/** A published course as the learners need it: its lessons in order, and the quiz answer keys by question id. */
export interface PublishedCourse {
  readonly id: string;
  readonly title: string;
  readonly lessons: ReadonlyArray<{ readonly id: string; readonly type: 'text' | 'video' | 'quiz' }>;
  /** lesson id → question id → the ids of its correct choices. */
  readonly answerKeys: ReadonlyMap<string, ReadonlyMap<string, string[]>>;
}

/** A minimal ISO BMFF (MP4): an `ftyp` box and an empty `mdat`, enough for media's type sniffing (as in the demo data). */
export function tinyVideo(): Buffer {
  const ftyp = Buffer.concat([
    Buffer.from([0, 0, 0, 24]),
    Buffer.from('ftypisom'),
    Buffer.from([0, 0, 2, 0]),
    Buffer.from('isomiso2'),
  ]);
  return Buffer.concat([ftyp, Buffer.from([0, 0, 0, 8]), Buffer.from('mdat')]);
}
