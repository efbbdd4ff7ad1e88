import { MikroORM } from '@mikro-orm/postgresql';
import { Course } from './course.entity';
import { lessonSnapshot, outlineSnapshot } from './course-events';
import { Lesson } from './lesson.entity';
import { quizFrom } from './quiz';
import { moveTo } from './reorder';
import { Section } from './section.entity';

function course(): { course: Course; quiz: Lesson; text: Lesson; second: Section } {
  const course = new Course('Title', 'title', 'About', 'b7d1d0a4-6f4e-4b0e-9d5a-3c1f1f6f0a01', 'Ada');
  const first = new Section(course, 'One', 1);
  const second = new Section(course, 'Two', 2);
  course.sections.add(first, second);
  const text = new Lesson(first, 'text', 'Read', 1);
  const quiz = new Lesson(first, 'quiz', 'Check', 2);
  quiz.quiz = quizFrom(70, { maxAttempts: 2, review: 'after-pass' }, [
    {
      prompt: 'p',
      choices: [
        { text: 'a', correct: false },
        { text: 'b', correct: true },
      ],
      explanation: 'b, because.',
    },
  ]);
  first.lessons.add(text, quiz);
  return { course, quiz, text, second };
}

describe('event snapshots', () => {
  // Collections need the entities' metadata; discovery only, no database connection.
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await MikroORM.init({ entities: [Course, Section, Lesson], dbName: 'unit', connect: false });
  });
  afterAll(() => orm.close());

  it('carry the quiz answer key as ids only, never the texts, with its rules and explanations for progress', () => {
    const { quiz } = course();
    const snapshot = lessonSnapshot(quiz);
    const [a, b] = quiz.quiz!.questions[0].choices;
    expect(snapshot).toEqual({
      lessonId: quiz.id,
      type: 'quiz',
      title: 'Check',
      position: 2,
      quiz: {
        passPercent: 70,
        maxAttempts: 2,
        review: 'after-pass',
        allowRetakeAfterPass: false,
        questions: [
          {
            questionId: quiz.quiz!.questions[0].id,
            choiceIds: [a.id, b.id],
            correctChoiceIds: [b.id],
            explanation: 'b, because.',
          },
        ],
      },
    });
    expect(lessonSnapshot(course().text)).not.toHaveProperty('quiz');
  });

  it('list sections and lessons in position order after a move', () => {
    const { course: c, quiz, text, second } = course();
    moveTo(c.sections.getItems(), second, 1);
    moveTo(c.sections.getItems()[0].lessons.getItems(), quiz, 1);
    const snapshot = outlineSnapshot(c);
    expect(snapshot.sections.map((s) => [s.sectionId, s.position])).toEqual([
      [second.id, 1],
      [c.sections.getItems()[0].id, 2],
    ]);
    expect(snapshot.sections[1].lessons.map((l) => l.lessonId)).toEqual([quiz.id, text.id]);
    expect(snapshot).toMatchObject({ courseId: c.id, revision: 1, title: 'Title', slug: 'title' });
  });
});
