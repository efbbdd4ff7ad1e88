import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type Lesson } from '../api';
import { useAuth } from '../auth/auth-context';
import { CompletionNotice } from '../components/completion-notice';
import { isNotFound, NotFound } from '../components/not-found';
import { usePageTitle } from '../components/page-title';
import { ErrorMessage, Loading, ProgressBar } from '../components/status';
import { useLoad } from '../components/use-load';
import { LessonText } from '../markdown/lesson-text';
import { byPosition } from '../teach/reorder';
import { VideoPlayer } from '../video/video-player';
import { Comments } from './comments';
import { completedLessonIds, LESSON_TYPE_LABEL, progressOrNull } from './course-page';
import { QuizPlayer } from './quiz-player';

function LessonBody({
  lesson,
  onQuizPassed,
  enrolled,
  onVideoCompleted,
}: {
  lesson: Lesson;
  onQuizPassed: () => void;
  enrolled: boolean;
  onVideoCompleted: () => void;
}) {
  switch (lesson.type) {
    case 'text':
      return <LessonText source={lesson.content ?? ''} />;
    case 'video':
      return lesson.mediaId ? (
        <VideoPlayer
          key={lesson.id}
          lessonId={lesson.id}
          mediaId={lesson.mediaId}
          captionsMediaId={lesson.captionsMediaId ?? null}
          trackProgress={enrolled}
          onCompleted={onVideoCompleted}
        />
      ) : (
        <p className="muted">The video is not available yet.</p>
      );
    case 'quiz':
      return <QuizPlayer lesson={lesson} enrolled={enrolled} onPassed={onQuizPassed} />;
  }
}

export function LessonPage() {
  const { courseId = '', lessonId = '' } = useParams();
  const { user } = useAuth();
  const lesson = useLoad(() => api.catalog.getLesson(lessonId), [lessonId, user?.id]);
  const course = useLoad(() => api.catalog.getCourse(courseId), [courseId, user?.id]);
  const progress = useLoad(() => progressOrNull(courseId), [courseId, user?.id]);
  const [completing, setCompleting] = useState(false);
  const [completeError, setCompleteError] = useState<unknown>(undefined);
  usePageTitle(lesson.data && course.data ? `${lesson.data.title} · ${course.data.title}` : lesson.data?.title);

  // The completion moment belongs to the visit in which the last lesson was done.
  const seenIncomplete = useRef(false);
  if (progress.data && progress.data.percent < 100) seenIncomplete.current = true;
  const justFinished = seenIncomplete.current && progress.data?.percent === 100 && !!progress.data.certificateId;
  const done = completedLessonIds(progress.data);
  const isDone = done.has(lessonId);
  const ordered = byPosition(course.data?.sections ?? []).flatMap((section) => byPosition(section.lessons));
  const index = ordered.findIndex((l) => l.id === lessonId);
  const previous = index > 0 ? ordered[index - 1] : undefined;
  const next = index >= 0 ? ordered[index + 1] : undefined;

  const complete = async () => {
    setCompleting(true);
    setCompleteError(undefined);
    try {
      await api.progress.completeLesson(lessonId);
      progress.reload();
    } catch (error) {
      setCompleteError(error);
    } finally {
      setCompleting(false);
    }
  };

  // Passing a quiz completes it; progress may record that itself, so only ask when it has not.
  const onQuizPassed = async () => {
    const fresh = await progressOrNull(courseId).catch(() => null);
    if (fresh && !completedLessonIds(fresh).has(lessonId)) await complete();
    else progress.reload();
  };

  if (!lesson.data && isNotFound(lesson.error)) {
    return (
      <NotFound title="Lesson not found">
        <p>This lesson does not exist, or it was removed from its course.</p>
        {course.data && (
          <p>
            <Link to={`/courses/${courseId}`}>Back to “{course.data.title}”</Link>
          </p>
        )}
      </NotFound>
    );
  }

  return (
    <article className="lesson" aria-labelledby="lesson-title">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/">Catalogue</Link>
          </li>
          <li>
            <Link to={`/courses/${courseId}`}>{course.data?.title ?? 'Course'}</Link>
          </li>
        </ol>
      </nav>
      <h1 id="lesson-title">{lesson.data?.title ?? 'Lesson'}</h1>
      {lesson.loading && !lesson.data && <Loading label="Loading the lesson…" />}
      <ErrorMessage error={lesson.error} />
      {lesson.data && (
        <>
          <p className="lesson-type">{LESSON_TYPE_LABEL[lesson.data.type]}</p>
          <LessonBody
            lesson={lesson.data}
            onQuizPassed={() => void onQuizPassed()}
            enrolled={!!progress.data}
            onVideoCompleted={progress.reload}
          />
          <div className="lesson-actions">
            {isDone ? (
              <p className="done-mark" role="status">
                <span aria-hidden="true">✓</span> Lesson completed
              </p>
            ) : (
              lesson.data.type !== 'quiz' &&
              progress.data && (
                <button type="button" className="button" onClick={() => void complete()} disabled={completing}>
                  {completing ? 'Saving…' : 'Mark as complete'}
                </button>
              )
            )}
            {!progress.loading && progress.data === null && course.data?.status === 'published' && (
              <p className="muted">
                <Link to={`/courses/${courseId}`}>Enrol in the course</Link> to track your progress.
              </p>
            )}
            <ErrorMessage error={completeError} title="Could not save:" />
          </div>
          {progress.data && (
            <ProgressBar id="lesson-course-progress" value={progress.data.percent} label="Course progress" />
          )}
          {justFinished && <CompletionNotice certificateId={progress.data!.certificateId!} />}
          <nav className="lesson-nav" aria-label="Lessons">
            {previous ? (
              <Link to={`/courses/${courseId}/lessons/${previous.id}`} rel="prev">
                ← {previous.title}
              </Link>
            ) : (
              <span />
            )}
            {next ? (
              <Link to={`/courses/${courseId}/lessons/${next.id}`} rel="next">
                {next.title} →
              </Link>
            ) : (
              <Link to={`/courses/${courseId}`}>Back to the course</Link>
            )}
          </nav>
          <Comments lessonId={lessonId} />
        </>
      )}
    </article>
  );
}
