import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, type CourseProgress } from '../api';
import { useAuth } from '../auth/auth-context';
import { CompletionNotice } from '../components/completion-notice';
import { CourseCover, CourseFacts } from '../components/course-card';
import { isNotFound, NotFound } from '../components/not-found';
import { usePageTitle } from '../components/page-title';
import { EmptyState, ErrorMessage, Loading, ProgressBar } from '../components/status';
import { useLoad } from '../components/use-load';
import { byPosition } from '../teach/reorder';

export const LESSON_TYPE_LABEL = { text: 'Reading', video: 'Video', quiz: 'Quiz' } as const;

/**
 * My progress in a course, or null when I am not enrolled: progress answers `enrolled: false` for a
 * published course (a 403 from an older progress), and 404 for one it does not know.
 */
export async function progressOrNull(courseId: string): Promise<CourseProgress | null> {
  try {
    const progress = await api.progress.courseProgress(courseId);
    return progress.enrolled === false ? null : progress;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return null;
    throw error;
  }
}

export function completedLessonIds(progress: CourseProgress | null | undefined): Set<string> {
  const done = new Set<string>();
  for (const section of progress?.sections ?? []) {
    for (const lesson of section.lessons) if (lesson.completed) done.add(lesson.id);
  }
  return done;
}

export function CoursePage() {
  const { courseId = '' } = useParams();
  const { user, status } = useAuth();
  const navigate = useNavigate();
  const course = useLoad(() => api.catalog.getCourse(courseId), [courseId, user?.id]);
  const progress = useLoad(() => (user ? progressOrNull(courseId) : Promise.resolve(null)), [courseId, user?.id]);
  const [enrolling, setEnrolling] = useState(false);
  const [enrolError, setEnrolError] = useState<unknown>(undefined);
  usePageTitle(course.data?.title);

  const enrol = async () => {
    if (!user) {
      navigate(`/sign-in?next=${encodeURIComponent(`/courses/${courseId}`)}`);
      return;
    }
    setEnrolling(true);
    setEnrolError(undefined);
    try {
      await api.progress.enroll(courseId);
      progress.reload();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) progress.reload();
      else setEnrolError(error);
    } finally {
      setEnrolling(false);
    }
  };

  if (course.loading && !course.data) {
    return (
      <section>
        <h1>Course</h1>
        <Loading label="Loading the course…" />
      </section>
    );
  }
  if (!course.data && isNotFound(course.error)) {
    return (
      <NotFound title="Course not found">
        <p>There is no such course, or it is not published (any more).</p>
      </NotFound>
    );
  }
  if (!course.data) {
    return (
      <section>
        <h1>Course</h1>
        <ErrorMessage error={course.error} />
        <p>
          <Link to="/">Back to the catalogue</Link>
        </p>
      </section>
    );
  }
  const c = course.data;
  const sections = byPosition(c.sections ?? []);
  // Catalog shows an unpublished course to its editors only: they see it as a learner would, with
  // lessons that open and nothing to enrol in.
  const preview = c.status !== 'published';
  const enrolled = !!progress.data;
  const done = completedLessonIds(progress.data);
  const firstOpen = sections.flatMap((s) => byPosition(s.lessons)).find((lesson) => !done.has(lesson.id));

  return (
    <article className="course" aria-labelledby="course-title">
      <div className="course-hero">
        <CourseCover course={c} size="large" />
        <div>
          <h1 id="course-title">{c.title}</h1>
          {c.status === 'draft' && <span className="badge">Draft</span>}
          {c.status === 'archived' && <span className="badge">Archived</span>}
          {preview && (
            <p className="notice" role="note">
              Preview as a learner: this course is not published, so only you (and admins) see it.{' '}
              <Link to={`/teach/courses/${c.id}`}>Back to the editor</Link>
            </p>
          )}
          <CourseFacts course={c} />
          <p className="lead">{c.description}</p>
          {progress.loading && user && <Loading label="Loading your progress…" />}
          <ErrorMessage error={progress.error} />
          {enrolled && progress.data ? (
            <>
              <ProgressBar id="course-progress" value={progress.data.percent} label="Your progress" />
              <p className="muted">
                {progress.data.completedLessons} of {progress.data.totalLessons} lessons completed
              </p>
              {progress.data.certificateId &&
                (progress.data.percent === 100 ? (
                  <CompletionNotice certificateId={progress.data.certificateId} />
                ) : (
                  // Lessons were added after the learner finished: the certificate stays theirs.
                  <p>
                    <Link to={`/certificates/${progress.data.certificateId}`}>Your certificate</Link> for this course
                    stays yours; new lessons were added since you completed it.
                  </p>
                ))}
              {firstOpen && (
                <Link className="button" to={`/courses/${c.id}/lessons/${firstOpen.id}`}>
                  {done.size > 0 ? 'Continue' : 'Start'}: {firstOpen.title}
                </Link>
              )}
            </>
          ) : (
            !preview &&
            status !== 'restoring' &&
            !progress.loading && (
              <button type="button" className="button" onClick={() => void enrol()} disabled={enrolling}>
                {enrolling ? 'Enrolling…' : user ? 'Enrol in this course' : 'Sign in to enrol'}
              </button>
            )
          )}
          <ErrorMessage error={enrolError} title="Could not enrol:" />
        </div>
      </div>

      <h2>Course outline</h2>
      {sections.length === 0 ? (
        <EmptyState>
          <p>This course has no lessons yet.</p>
        </EmptyState>
      ) : (
        <ol className="outline">
          {sections.map((section) => (
            <li key={section.id}>
              <h3>{section.title}</h3>
              {section.lessons.length === 0 ? (
                <p className="muted">No lessons in this section yet.</p>
              ) : (
                <ol className="lesson-list">
                  {byPosition(section.lessons).map((lesson) => (
                    <li key={lesson.id} className={done.has(lesson.id) ? 'completed' : undefined}>
                      <span className="lesson-type">{LESSON_TYPE_LABEL[lesson.type]}</span>
                      {enrolled || preview ? (
                        <Link to={`/courses/${c.id}/lessons/${lesson.id}`}>{lesson.title}</Link>
                      ) : (
                        <span>{lesson.title}</span>
                      )}
                      {done.has(lesson.id) && (
                        <span className="done-mark">
                          <span aria-hidden="true">✓</span> Completed
                        </span>
                      )}
                    </li>
                  ))}
                </ol>
              )}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
