import { MikroORM } from '@mikro-orm/postgresql';
import { Course } from './course.entity';
import { QUIZ_DEFAULTS } from '@platform/contracts';
import { Lesson, type Quiz } from './lesson.entity';
import { publishBlockers } from './publish-readiness';
import { Section } from './section.entity';

describe('publishBlockers', () => {
  // Collections need the entities' metadata; discovery only, no database connection.
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await MikroORM.init({ entities: [Course, Section, Lesson], dbName: 'unit', connect: false });
  });
  afterAll(() => orm.close());

  const newCourse = () => new Course('T', 't', 'd', 'b7d1d0a4-6f4e-4b0e-9d5a-3c1f1f6f0a01', 'Ada');

  it('names a course without lessons', () => {
    expect(publishBlockers(newCourse())).toEqual(['The course needs at least one lesson']);
  });

  it('lists every problem in outline order, and nothing for a ready course', () => {
    const course = newCourse();
    const second = new Section(course, 'Later', 2);
    const first = new Section(course, 'First', 1);
    const empty = new Section(course, 'Empty', 3);
    course.sections.add(second, first, empty);
    const text = new Lesson(first, 'text', 'Read', 1);
    const video = new Lesson(first, 'video', 'Watch', 2);
    const quiz = new Lesson(second, 'quiz', 'Check', 1);
    const quizContent: Quiz = {
      ...QUIZ_DEFAULTS,
      passPercent: 50,
      questions: [
        { id: 'q1', prompt: 'a', explanation: null, choices: [{ id: 'c1', text: 'x', correct: true }] },
        { id: 'q2', prompt: 'b', explanation: null, choices: [{ id: 'c2', text: 'y', correct: false }] },
      ],
    };
    quiz.quiz = quizContent;
    first.lessons.add(text, video);
    second.lessons.add(quiz);
    expect(publishBlockers(course)).toEqual([
      'Video lesson “Watch” has no video',
      'Quiz “Check”: question 2 has no correct answer',
      'Section “Empty” has no lessons',
    ]);

    video.mediaId = 'b7d1d0a4-6f4e-4b0e-9d5a-3c1f1f6f0a02';
    quizContent.questions[1].choices[0].correct = true;
    course.sections.remove(empty);
    expect(publishBlockers(course)).toEqual([]);
  });
});
