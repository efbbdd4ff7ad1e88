import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, type CourseStatus } from '../api';
import { useAuth } from '../auth/auth-context';
import { Field, TextAreaField } from '../components/field';
import { Pagination } from '../components/pagination';
import { EmptyState, ErrorMessage, Loading } from '../components/status';
import { useLoad } from '../components/use-load';
import { COURSE_STATUS_LABEL, CourseStatusBadge } from '../teach/course-status-badge';

const PAGE_SIZE = 25;
const STATUSES = Object.keys(COURSE_STATUS_LABEL) as CourseStatus[];

function NewCourseForm() {
  const navigate = useNavigate();
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
    <form onSubmit={(event) => void create(event)} className="stack panel" aria-labelledby="new-course-title">
      <h2 id="new-course-title">New course</h2>
      <Field label="Title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      <TextAreaField
        label="Description"
        rows={3}
        required
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <ErrorMessage error={error} />
      <button type="submit" className="button" disabled={creating}>
        {creating ? 'Creating…' : 'Create course'}
      </button>
    </form>
  );
}

/** Instructors see their own courses; admins every course, whoever teaches it. */
export function TeachPage() {
  const { user, hasRole } = useAuth();
  const admin = hasRole('admin');
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const statusParam = params.get('status');
  const status = STATUSES.find((candidate) => candidate === statusParam);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [query, setQuery] = useState(search);
  const courses = useLoad(
    () =>
      api.catalog.listCourses({
        ...(admin ? { all: true } : { mine: true }),
        ...(search ? { search } : {}),
        ...(status ? { status } : {}),
        sort: search ? 'relevance' : undefined,
        page,
        limit: PAGE_SIZE,
      }),
    [user?.id, admin, search, status, page],
  );

  const filter = (next: { search?: string; status?: string }) => {
    const merged = { search, status: status ?? '', ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, value]) => value)));
  };

  return (
    <section aria-labelledby="teach-title">
      <h1 id="teach-title">Teach</h1>
      <NewCourseForm />
      <h2 id="courses-title">{admin ? 'All courses' : 'Your courses'}</h2>
      <form
        role="search"
        className="search-form"
        onSubmit={(event) => {
          event.preventDefault();
          filter({ search: query.trim() });
        }}
      >
        <label htmlFor="teach-search">Search your courses</label>
        <input id="teach-search" type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
        <button type="submit">Search</button>
        <label htmlFor="teach-status">Status</label>
        <select id="teach-status" value={status ?? ''} onChange={(event) => filter({ status: event.target.value })}>
          <option value="">Any status</option>
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {COURSE_STATUS_LABEL[value]}
            </option>
          ))}
        </select>
      </form>
      {courses.loading && <Loading label="Loading courses…" />}
      <ErrorMessage error={courses.error} />
      {courses.data &&
        !courses.loading &&
        (courses.data.items.length === 0 ? (
          <EmptyState>
            <p>
              {search || status
                ? 'No course matches.'
                : admin
                  ? 'There are no courses yet.'
                  : 'You have no courses yet. Create one with the form.'}
            </p>
          </EmptyState>
        ) : (
          <div className="table-scroll">
            <table className="courses-table" aria-labelledby="courses-title">
              <thead>
                <tr>
                  <th scope="col">Course</th>
                  {admin && <th scope="col">Instructor</th>}
                  <th scope="col">Status</th>
                  <th scope="col">Lessons</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {courses.data.items.map((course) => (
                  <tr key={course.id}>
                    <th scope="row">
                      <Link to={`/teach/courses/${course.id}`}>{course.title}</Link>
                    </th>
                    {admin && <td>{course.instructorId === user?.id ? 'You' : course.instructorName || '—'}</td>}
                    <td>
                      <CourseStatusBadge status={course.status} />
                    </td>
                    <td>{course.lessonCount ?? '—'}</td>
                    <td>
                      <Link to={`/courses/${course.id}`}>
                        {course.status === 'published' ? 'View' : 'Preview'}
                        <span className="visually-hidden"> “{course.title}”</span>
                      </Link>
                      {course.publishedAt && (
                        <>
                          {' · '}
                          <Link to={`/teach/courses/${course.id}/stats`}>
                            Stats<span className="visually-hidden"> of “{course.title}”</span>
                          </Link>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {courses.data && (
        <Pagination
          page={courses.data.page ?? page}
          limit={courses.data.limit ?? PAGE_SIZE}
          total={courses.data.total}
          onPage={(next) =>
            setParams(
              Object.fromEntries(
                Object.entries({ search, status: status ?? '', page: String(next) }).filter(([, value]) => value),
              ),
            )
          }
        />
      )}
    </section>
  );
}
