import { Link, useParams } from 'react-router';
import { api, type CourseStats } from '../api';
import { usePageTitle } from '../components/page-title';
import { EmptyState, ErrorMessage, Loading } from '../components/status';
import { useLoad } from '../components/use-load';
import { EnrolmentChart } from '../teach/enrolment-chart';
import { byPosition } from '../teach/reorder';
import { LESSON_TYPE_LABEL } from './course-page';

const percent = (share: number): string => `${Math.round(share * 100)} %`;

async function loadStats(courseId: string): Promise<{ stats: CourseStats; titles: Map<string, string> }> {
  const [stats, course] = await Promise.all([api.progress.courseStats(courseId), api.catalog.getCourse(courseId)]);
  const titles = new Map(
    byPosition(course.sections ?? []).flatMap((section) => section.lessons.map((lesson) => [lesson.id, lesson.title])),
  );
  return { stats, titles };
}

/** How learners go through a course: for its instructor and admins. */
export function CourseStatsPage() {
  const { courseId = '' } = useParams();
  const data = useLoad(() => loadStats(courseId), [courseId]);
  usePageTitle(data.data ? `Stats · ${data.data.stats.title}` : 'Stats');

  return (
    <section aria-labelledby="stats-title" className="course-stats">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/teach">Teach</Link>
          </li>
          <li>
            <Link to={`/teach/courses/${courseId}`}>{data.data?.stats.title || 'Course'}</Link>
          </li>
        </ol>
      </nav>
      <h1 id="stats-title">Learners in “{data.data?.stats.title ?? '…'}”</h1>
      {data.loading && !data.data && <Loading label="Loading the figures…" />}
      <ErrorMessage error={data.error} />
      {data.data && <StatsBody stats={data.data.stats} titles={data.data.titles} />}
    </section>
  );
}

function StatsBody({ stats, titles }: { stats: CourseStats; titles: Map<string, string> }) {
  const title = (id: string) => titles.get(id) ?? 'Lesson';
  return (
    <>
      <dl className="figures">
        <div>
          <dt>Enrolled</dt>
          <dd>{stats.enrollments}</dd>
        </div>
        <div>
          <dt>Completed</dt>
          <dd>{stats.completions}</dd>
        </div>
        <div>
          <dt>Completion rate</dt>
          <dd>{percent(stats.completionRate)}</dd>
        </div>
      </dl>
      {stats.enrollments === 0 ? (
        <EmptyState>
          <p>Nobody has enrolled yet.</p>
        </EmptyState>
      ) : (
        <>
          <h2>Enrolments over time</h2>
          <EnrolmentChart days={stats.enrollmentsOverTime} />
        </>
      )}
      <h2 id="funnel-title">Where learners stop</h2>
      <table className="courses-table funnel" aria-labelledby="funnel-title">
        <thead>
          <tr>
            <th scope="col">Lesson</th>
            <th scope="col">Completed by</th>
          </tr>
        </thead>
        <tbody>
          {stats.lessons.map((lesson) => (
            <tr key={lesson.id}>
              <th scope="row">
                <span className="lesson-type">{LESSON_TYPE_LABEL[lesson.type as keyof typeof LESSON_TYPE_LABEL]}</span>{' '}
                {title(lesson.id)}
              </th>
              <td>
                <span className="funnel-bar" aria-hidden="true">
                  <span style={{ width: percent(lesson.completionRate).replace(' ', '') }} />
                </span>
                {lesson.completed} ({percent(lesson.completionRate)})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {stats.quizzes.length > 0 && (
        <>
          <h2 id="quizzes-title">Quizzes</h2>
          <table className="courses-table" aria-labelledby="quizzes-title">
            <thead>
              <tr>
                <th scope="col">Quiz</th>
                <th scope="col">Learners who tried</th>
                <th scope="col">Pass rate</th>
                <th scope="col">Attempts per learner</th>
              </tr>
            </thead>
            <tbody>
              {stats.quizzes.map((quiz) => (
                <tr key={quiz.lessonId}>
                  <th scope="row">{title(quiz.lessonId)}</th>
                  <td>{quiz.learners}</td>
                  <td>{percent(quiz.passRate)}</td>
                  <td>{quiz.averageAttempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
