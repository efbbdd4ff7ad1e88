import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api';
import { useAuth } from '../auth/auth-context';
import { CourseCard } from '../components/course-card';
import { Field, TextAreaField } from '../components/field';
import { EmptyState, ErrorMessage, Loading } from '../components/status';
import { useLoad } from '../components/use-load';

export function TeachPage() {
  const { user, hasRole } = useAuth();
  const navigate = useNavigate();
  // `mine` asks catalog for my own courses, drafts included; the filter keeps the list right even
  // from a catalog that ignores it and lists every published course.
  const courses = useLoad(async () => {
    const page = await api.catalog.listCourses({ mine: true, limit: 100 });
    return hasRole('admin') ? page.items : page.items.filter((course) => course.instructorId === user?.id);
  }, [user?.id]);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [creating, setCreating] = useState(false);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setCreating(true);
    setError(undefined);
    try {
      const course = await api.catalog.createCourse({ title: title.trim(), description: description.trim() });
      navigate(`/teach/courses/${course.id}`);
    } catch (failure) {
      setError(failure);
      setCreating(false);
    }
  };

  return (
    <section aria-labelledby="teach-title">
      <h1 id="teach-title">Teach</h1>
      <div className="two-columns">
        <form onSubmit={(event) => void create(event)} className="stack panel" aria-labelledby="new-course-title">
          <h2 id="new-course-title">New course</h2>
          <Field label="Title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
          <TextAreaField
            label="Description"
            rows={4}
            required
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
          <ErrorMessage error={error} />
          <button type="submit" className="button" disabled={creating}>
            {creating ? 'Creating…' : 'Create course'}
          </button>
        </form>
        <div>
          <h2>Your courses</h2>
          {courses.loading && <Loading label="Loading your courses…" />}
          <ErrorMessage error={courses.error} />
          {courses.data &&
            (courses.data.length === 0 ? (
              <EmptyState>
                <p>You have no courses yet. Create one with the form.</p>
              </EmptyState>
            ) : (
              <ul className="card-grid" aria-label="Your courses">
                {courses.data.map((course) => (
                  <CourseCard key={course.id} course={course} to={`/teach/courses/${course.id}`} />
                ))}
              </ul>
            ))}
        </div>
      </div>
    </section>
  );
}
