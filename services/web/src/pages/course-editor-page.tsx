import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, errorList, type Course, type LessonType, type Section } from '../api';
import { CourseStatusBadge } from '../teach/course-status-badge';
import { CategorySelect } from '../components/category-select';
import { CourseCover } from '../components/course-card';
import { Field, TextAreaField } from '../components/field';
import { EmptyState, ErrorMessage, Loading, SuccessMessage } from '../components/status';
import { useLoad } from '../components/use-load';
import { MediaUpload } from '../teach/media-upload';
import { byPosition, moveRequest } from '../teach/reorder';
import { LESSON_TYPE_LABEL } from './course-page';

function DetailsForm({ course, onSaved }: { course: Course; onSaved: (course: Course) => void }) {
  const [title, setTitle] = useState(course.title);
  const [description, setDescription] = useState(course.description);
  const [category, setCategory] = useState(course.category ?? null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setSaved(false);
    setError(undefined);
    try {
      onSaved(
        await api.catalog.updateCourse(course.id, { title: title.trim(), description: description.trim(), category }),
      );
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={(event) => void save(event)} className="stack panel" aria-labelledby="details-title">
      <h2 id="details-title">Details</h2>
      <Field label="Title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      <TextAreaField
        label="Description"
        rows={4}
        required
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <CategorySelect value={category} onChange={setCategory} />
      <ErrorMessage error={error} />
      {saved && <SuccessMessage>Details saved.</SuccessMessage>}
      <button type="submit" className="button" disabled={saving}>
        {saving ? 'Saving…' : 'Save details'}
      </button>
    </form>
  );
}

function SectionEditor({
  course,
  section,
  index,
  count,
  onChanged,
  setError,
}: {
  course: Course;
  section: Section;
  index: number;
  count: number;
  onChanged: () => void;
  setError: (error: unknown) => void;
}) {
  const navigate = useNavigate();
  const [title, setTitle] = useState(section.title);
  const [newType, setNewType] = useState<LessonType>('text');
  const lessons = byPosition(section.lessons);
  const sections = course.sections ?? [];

  const act = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
      onChanged();
    } catch (failure) {
      setError(failure);
    }
  };

  const moveSection = (by: -1 | 1) => {
    const request = moveRequest(sections, index, by);
    if (request) void act(() => api.catalog.updateSection(request.id, { position: request.position }));
  };

  const moveLesson = (lessonIndex: number, by: -1 | 1) => {
    const request = moveRequest(section.lessons, lessonIndex, by);
    if (request) void act(() => api.catalog.updateLesson(request.id, { position: request.position }));
  };

  return (
    <li className="panel section-editor">
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void act(() => api.catalog.updateSection(section.id, { title: title.trim() }));
        }}
      >
        <Field label={`Section ${index + 1} title`} required value={title} onChange={(e) => setTitle(e.target.value)} />
        <button type="submit" disabled={title.trim() === section.title || !title.trim()}>
          Rename
        </button>
      </form>
      <div className="toolbar" role="group" aria-label={`Section “${section.title}”`}>
        <button type="button" className="small" disabled={index === 0} onClick={() => moveSection(-1)}>
          <span aria-hidden="true">↑</span> Move section up
        </button>
        <button type="button" className="small" disabled={index === count - 1} onClick={() => moveSection(1)}>
          <span aria-hidden="true">↓</span> Move section down
        </button>
        <button
          type="button"
          className="small danger"
          onClick={() => {
            if (window.confirm(`Delete the section “${section.title}” and its lessons?`)) {
              void act(() => api.catalog.deleteSection(section.id));
            }
          }}
        >
          Delete section
        </button>
      </div>
      {lessons.length === 0 ? (
        <p className="muted">No lessons yet.</p>
      ) : (
        <ol className="lesson-list editable">
          {lessons.map((lesson, lessonIndex) => (
            <li key={lesson.id}>
              <span className="lesson-type">{LESSON_TYPE_LABEL[lesson.type]}</span>
              <Link to={`/teach/courses/${course.id}/lessons/${lesson.id}`}>{lesson.title}</Link>
              <span className="toolbar" role="group" aria-label={`Lesson “${lesson.title}”`}>
                <button
                  type="button"
                  className="small"
                  disabled={lessonIndex === 0}
                  onClick={() => moveLesson(lessonIndex, -1)}
                  aria-label={`Move “${lesson.title}” up`}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="small"
                  disabled={lessonIndex === lessons.length - 1}
                  onClick={() => moveLesson(lessonIndex, 1)}
                  aria-label={`Move “${lesson.title}” down`}
                >
                  ↓
                </button>
                {sections.length > 1 && (
                  <select
                    className="small"
                    aria-label={`Move “${lesson.title}” to section`}
                    value=""
                    onChange={(event) =>
                      event.target.value &&
                      void act(() => api.catalog.updateLesson(lesson.id, { sectionId: event.target.value }))
                    }
                  >
                    <option value="">Move to…</option>
                    {byPosition(sections)
                      .filter((other) => other.id !== section.id)
                      .map((other) => (
                        <option key={other.id} value={other.id}>
                          {other.title}
                        </option>
                      ))}
                  </select>
                )}
                <button
                  type="button"
                  className="small danger"
                  aria-label={`Delete “${lesson.title}”`}
                  onClick={() => {
                    if (window.confirm(`Delete the lesson “${lesson.title}”?`)) {
                      void act(() => api.catalog.deleteLesson(lesson.id));
                    }
                  }}
                >
                  Delete
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          navigate(`/teach/courses/${course.id}/sections/${section.id}/new-lesson?type=${newType}`);
        }}
      >
        <div className="field">
          <label htmlFor={`new-lesson-type-${section.id}`}>New lesson type</label>
          <select
            id={`new-lesson-type-${section.id}`}
            value={newType}
            onChange={(e) => setNewType(e.target.value as LessonType)}
          >
            <option value="text">Text</option>
            <option value="video">Video</option>
            <option value="quiz">Quiz</option>
          </select>
        </div>
        <button type="submit" aria-label={`Add a lesson to “${section.title}”`}>
          Add lesson
        </button>
      </form>
    </li>
  );
}

export function CourseEditorPage() {
  const { courseId = '' } = useParams();
  const navigate = useNavigate();
  const course = useLoad(() => api.catalog.getCourse(courseId), [courseId]);
  const [error, setError] = useState<unknown>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const [sectionTitle, setSectionTitle] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<unknown>, success?: string) => {
    setBusy(true);
    setError(undefined);
    setNotice(null);
    try {
      await action();
      if (success) setNotice(success);
      course.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (!course.data) {
    return (
      <section>
        <h1>Edit course</h1>
        {course.loading ? <Loading label="Loading the course…" /> : <ErrorMessage error={course.error} />}
      </section>
    );
  }
  const c = course.data;
  const sections = byPosition(c.sections ?? []);
  const blockers = errorList(error, 'blockers');

  return (
    <section aria-labelledby="editor-title" className="course-editor">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/teach">Teach</Link>
          </li>
        </ol>
      </nav>
      <h1 id="editor-title">Edit “{c.title}”</h1>
      <p>
        Status: <CourseStatusBadge status={c.status} />{' '}
        {c.status === 'published' ? (
          <Link to={`/courses/${c.id}`}>View in the catalogue</Link>
        ) : (
          <Link to={`/courses/${c.id}`}>Preview as a learner</Link>
        )}
        {c.publishedAt && (
          <>
            {' · '}
            <Link to={`/teach/courses/${c.id}/stats`}>Learner stats</Link>
          </>
        )}
      </p>
      <div className="toolbar" role="group" aria-label="Course status">
        {c.status === 'draft' && (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void run(() => api.catalog.publishCourse(c.id), 'The course is published.')}
          >
            Publish course
          </button>
        )}
        {c.status === 'published' && (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(
                () => api.catalog.changeCourseStatus(c.id, 'unpublish'),
                'The course is unpublished: learners who enrolled keep their progress.',
              )
            }
          >
            Unpublish
          </button>
        )}
        {c.status !== 'archived' ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              if (
                window.confirm(`Archive “${c.title}”? It leaves the catalogue; enrolled learners keep their progress.`)
              )
                void run(() => api.catalog.changeCourseStatus(c.id, 'archive'), 'The course is archived.');
            }}
          >
            Archive
          </button>
        ) : (
          <button
            type="button"
            disabled={busy}
            onClick={() => void run(() => api.catalog.changeCourseStatus(c.id, 'restore'), 'Restored as a draft.')}
          >
            Restore as draft
          </button>
        )}
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const copy = await api.catalog.duplicateCourse(c.id);
              navigate(`/teach/courses/${copy.id}`);
            }, `This is a copy of “${c.title}”, as a draft.`)
          }
        >
          Duplicate
        </button>
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => {
            if (window.confirm(`Delete the course “${c.title}” for good?`)) {
              void run(async () => {
                await api.catalog.deleteCourse(c.id);
                navigate('/teach');
              });
            }
          }}
        >
          Delete course
        </button>
      </div>
      {blockers.length > 0 ? (
        <div className="notice notice-error" role="alert">
          <strong>The course cannot be published yet:</strong>
          <ul aria-label="What blocks publishing">
            {blockers.map((blocker) => (
              <li key={blocker}>{blocker}</li>
            ))}
          </ul>
        </div>
      ) : (
        <ErrorMessage error={error} />
      )}
      {notice && <SuccessMessage>{notice}</SuccessMessage>}

      <div className="two-columns">
        <DetailsForm
          key={`${c.title}|${c.description}`}
          course={c}
          onSaved={(saved) => course.setData({ ...c, ...saved })}
        />
        <div className="stack panel">
          <h2>Cover image</h2>
          <CourseCover course={c} size="large" />
          <MediaUpload
            label="Upload a cover image"
            purpose="course-cover"
            accept="image/png,image/jpeg,image/webp"
            hint="PNG, JPEG or WebP. A thumbnail is made for the catalogue."
            onUploaded={(media) => run(() => setCoverWhenReady(c.id, media.id), 'Cover updated.')}
          />
        </div>
      </div>

      <h2>Sections and lessons</h2>
      {sections.length === 0 ? (
        <EmptyState>
          <p>No sections yet: add the first one below.</p>
        </EmptyState>
      ) : (
        <ol className="section-list">
          {sections.map((section, index) => (
            <SectionEditor
              key={`${section.id}-${section.title}`}
              course={c}
              section={section}
              index={index}
              count={sections.length}
              onChanged={course.reload}
              setError={setError}
            />
          ))}
        </ol>
      )}
      <form
        className="inline-form panel"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            await api.catalog.addSection(c.id, sectionTitle.trim());
            setSectionTitle('');
          });
        }}
      >
        <Field
          label="New section title"
          required
          maxLength={200}
          value={sectionTitle}
          onChange={(e) => setSectionTitle(e.target.value)}
        />
        <button type="submit" disabled={busy || !sectionTitle.trim()}>
          Add section
        </button>
      </form>
    </section>
  );
}

/**
 * Catalog shows a cover once media's "image processed" event has reached it, which may be a moment
 * after the upload itself is ready: ask again briefly instead of showing no cover.
 */
async function setCoverWhenReady(courseId: string, mediaId: string): Promise<void> {
  let course = await api.catalog.setCover(courseId, mediaId);
  for (let attempt = 0; attempt < 20 && !course.coverUrl; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    course = await api.catalog.getCourse(courseId);
  }
}
