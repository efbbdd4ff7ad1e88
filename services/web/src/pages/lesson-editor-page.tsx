import { useReducer, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, type Lesson, type LessonType, type Media } from '../api';
import { Field, TextAreaField } from '../components/field';
import { ErrorMessage, Loading, SuccessMessage } from '../components/status';
import { useLoad } from '../components/use-load';
import { LessonText } from '../markdown/lesson-text';
import { mediaImageMarkdown } from '../markdown/url-policy';
import { MediaUpload } from '../teach/media-upload';
import {
  emptyQuiz,
  quizFromLesson,
  quizLessonInput,
  quizQuestionsInput,
  quizReducer,
  quizSettingsInput,
  validateQuiz,
} from '../teach/quiz-builder';
import { QuizBuilderForm } from '../teach/quiz-builder-form';
import { VideoPlayer } from '../video/video-player';
import { LESSON_TYPE_LABEL } from './course-page';

function LessonForm({
  courseId,
  type,
  sectionId,
  lesson,
}: {
  courseId: string;
  type: LessonType;
  sectionId?: string;
  lesson?: Lesson;
}) {
  const navigate = useNavigate();
  const [title, setTitle] = useState(lesson?.title ?? '');
  const [content, setContent] = useState(lesson?.content ?? '');
  const [video, setVideo] = useState<Media | null>(null);
  // undefined: unchanged; null: remove the lesson's captions; a media: the new captions.
  const [captions, setCaptions] = useState<Media | null | undefined>(undefined);
  const [quiz, dispatch] = useReducer(quizReducer, lesson, (l) => (l ? quizFromLesson(l) : emptyQuiz()));
  const [error, setError] = useState<unknown>(undefined);
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const contentRef = useRef<HTMLTextAreaElement>(null);

  /** An uploaded image goes in where the cursor was (or at the end), as a media reference. */
  const insertImage = (media: Media) => {
    const markdown = mediaImageMarkdown(media.id, (media.filename ?? '').replace(/\.[a-z0-9]+$/i, ''));
    setContent((current) => {
      const at = contentRef.current?.selectionStart ?? current.length;
      const before = current.slice(0, at).replace(/\s*$/, '');
      const after = current.slice(at).replace(/^\s*/, '');
      return `${before}${before ? '\n\n' : ''}${markdown}\n\n${after}`;
    });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    const draft = { ...quiz, title };
    const found =
      type === 'quiz' ? validateQuiz(draft) : type === 'video' && !lesson && !video ? ['Upload the video first.'] : [];
    setProblems(found);
    if (found.length > 0) return;
    setSaving(true);
    try {
      if (lesson) {
        const patch =
          type === 'text'
            ? { title: title.trim(), content }
            : type === 'video'
              ? {
                  title: title.trim(),
                  ...(video ? { mediaId: video.id } : {}),
                  ...(captions !== undefined ? { captionsMediaId: captions?.id ?? null } : {}),
                }
              : {
                  title: title.trim(),
                  passPercent: draft.passPercent,
                  ...quizSettingsInput(draft),
                  questions: quizQuestionsInput(draft),
                };
        await api.catalog.updateLesson(lesson.id, patch);
        setSaved(true);
      } else if (sectionId) {
        const input =
          type === 'text'
            ? { type, title: title.trim(), content }
            : type === 'video'
              ? { type, title: title.trim(), mediaId: video!.id, ...(captions ? { captionsMediaId: captions.id } : {}) }
              : quizLessonInput(draft);
        await api.catalog.addLesson(sectionId, input);
        navigate(`/teach/courses/${courseId}`);
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={(event) => void save(event)} className="stack" noValidate={type === 'quiz'}>
      <Field label="Lesson title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      {type === 'text' && (
        <>
          <TextAreaField
            ref={contentRef}
            label="Content"
            rows={12}
            required
            hint="Markdown: # Heading, **bold**, *italic*, [link](https://…), - lists, ``` code blocks ```. An empty line starts a new paragraph. HTML is shown as text."
            value={content}
            onChange={(e) => setContent(e.target.value)}
          />
          <MediaUpload
            label="Insert an image"
            purpose="course-cover"
            accept="image/png,image/jpeg,image/webp"
            hint="PNG, JPEG or WebP: uploaded, then inserted where the cursor is."
            onUploaded={insertImage}
          />
          <section className="lesson-preview" aria-labelledby="lesson-preview-title">
            <h2 id="lesson-preview-title">Preview</h2>
            {content.trim() ? <LessonText source={content} /> : <p className="muted">Nothing written yet.</p>}
          </section>
        </>
      )}
      {type === 'video' && (
        <>
          {lesson?.mediaId && !video && (
            <VideoPlayer
              lessonId={lesson.id}
              mediaId={lesson.mediaId}
              captionsMediaId={captions === undefined ? (lesson.captionsMediaId ?? null) : (captions?.id ?? null)}
              trackProgress={false}
            />
          )}
          <MediaUpload
            label={lesson ? 'Replace the video' : 'Video file'}
            purpose="lesson-video"
            accept="video/mp4,video/webm,video/quicktime"
            hint="MP4 or WebM."
            onUploaded={(media) => setVideo(media)}
          />
          {video && <SuccessMessage>Video uploaded: save the lesson to use it.</SuccessMessage>}
          <MediaUpload
            label={lesson?.captionsMediaId || captions ? 'Replace the captions' : 'Captions (optional)'}
            purpose="lesson-captions"
            accept=".vtt,text/vtt"
            hint="A WebVTT file (.vtt), up to 1 MB: shown in the player as captions."
            onUploaded={(media) => setCaptions(media)}
          />
          {captions && <SuccessMessage>Captions uploaded: save the lesson to use them.</SuccessMessage>}
          {lesson?.captionsMediaId && captions === undefined && (
            <div className="toolbar">
              <button type="button" className="small" onClick={() => setCaptions(null)}>
                Remove the captions
              </button>
            </div>
          )}
          {captions === null && <p className="muted">The captions will be removed when you save.</p>}
        </>
      )}
      {type === 'quiz' && <QuizBuilderForm draft={quiz} dispatch={dispatch} />}
      {problems.length > 0 && (
        <div className="notice notice-error" role="alert">
          <p>Please fix:</p>
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      <ErrorMessage error={error} />
      {saved && <SuccessMessage>Lesson saved.</SuccessMessage>}
      <div className="toolbar">
        <button type="submit" className="button" disabled={saving}>
          {saving ? 'Saving…' : lesson ? 'Save lesson' : 'Create lesson'}
        </button>
        <Link to={`/teach/courses/${courseId}`}>Back to the course</Link>
      </div>
    </form>
  );
}

export function NewLessonPage() {
  const { courseId = '', sectionId = '' } = useParams();
  const [params] = useSearchParams();
  const requested = params.get('type');
  const type: LessonType = requested === 'video' || requested === 'quiz' ? requested : 'text';
  return (
    <section className="narrow-wide" aria-labelledby="new-lesson-title">
      <h1 id="new-lesson-title">New {LESSON_TYPE_LABEL[type].toLowerCase()} lesson</h1>
      <LessonForm key={type} courseId={courseId} sectionId={sectionId} type={type} />
    </section>
  );
}

export function EditLessonPage() {
  const { courseId = '', lessonId = '' } = useParams();
  const lesson = useLoad(() => api.catalog.getLesson(lessonId), [lessonId]);
  return (
    <section className="narrow-wide" aria-labelledby="edit-lesson-title">
      <h1 id="edit-lesson-title">Edit lesson{lesson.data ? `: ${lesson.data.title}` : ''}</h1>
      {lesson.loading && !lesson.data && <Loading label="Loading the lesson…" />}
      <ErrorMessage error={lesson.error} />
      {lesson.data && (
        <LessonForm key={lesson.data.id} courseId={courseId} type={lesson.data.type} lesson={lesson.data} />
      )}
    </section>
  );
}
