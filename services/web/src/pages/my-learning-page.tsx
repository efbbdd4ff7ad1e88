import { Link } from 'react-router';
import { api, itemsOf, type Course, type CourseProgress, type Enrollment } from '../api';
import { CourseCover } from '../components/course-card';
import { EmptyState, ErrorMessage, Loading, ProgressBar } from '../components/status';
import { useLoad } from '../components/use-load';

interface LearningItem {
  readonly enrollment: Enrollment;
  readonly course: Course | null;
  readonly progress: CourseProgress | null;
  readonly error?: unknown;
}

async function loadLearning(): Promise<LearningItem[]> {
  const enrollments = itemsOf(await api.progress.listEnrollments({ limit: 100 }));
  return Promise.all(
    enrollments.map(async (enrollment) => {
      try {
        // A course withdrawn since (unpublished, archived, deleted) is no longer in the catalogue;
        // progress still holds the learner's figures and the title.
        const withdrawn = enrollment.courseStatus !== undefined && enrollment.courseStatus !== 'published';
        const [course, progress] = await Promise.all([
          withdrawn ? null : api.catalog.getCourse(enrollment.courseId),
          api.progress.courseProgress(enrollment.courseId),
        ]);
        return { enrollment, course, progress };
      } catch (error) {
        return { enrollment, course: null, progress: null, error };
      }
    }),
  );
}

export function MyLearningPage() {
  const learning = useLoad(loadLearning, []);
  return (
    <section aria-labelledby="learning-title">
      <h1 id="learning-title">My learning</h1>
      {learning.loading && <Loading label="Loading your courses…" />}
      <ErrorMessage error={learning.error} />
      {learning.data &&
        (learning.data.length === 0 ? (
          <EmptyState>
            <p>You have not enrolled in any course yet.</p>
            <p>
              <Link to="/">Browse the catalogue</Link>
            </p>
          </EmptyState>
        ) : (
          <ul className="card-grid" aria-label="My courses">
            {learning.data.map(({ enrollment, course, progress, error }) => (
              <li key={enrollment.courseId} className="card course-card">
                {course && <CourseCover course={course} size="small" />}
                <div className="card-body">
                  <h2 className="card-title">
                    {course || error ? (
                      <Link to={`/courses/${enrollment.courseId}`}>
                        {course?.title ?? enrollment.title ?? 'Course'}
                      </Link>
                    ) : (
                      (enrollment.title ?? 'Course')
                    )}
                  </h2>
                  {!course && !error && (
                    <p className="muted">No longer offered by its instructor: your progress stays here.</p>
                  )}
                  <ErrorMessage error={error} />
                  {progress && (
                    <ProgressBar
                      id={`progress-${enrollment.courseId}`}
                      value={progress.percent}
                      label={`${progress.completedLessons} of ${progress.totalLessons} lessons`}
                    />
                  )}
                  {enrollment.certificateId && (
                    <p>
                      <Link to={`/certificates/${enrollment.certificateId}`}>
                        Certificate<span className="visually-hidden"> for {course?.title ?? 'this course'}</span>
                      </Link>
                    </p>
                  )}
                </div>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
