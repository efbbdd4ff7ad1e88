import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../api';
import { CourseCard } from '../components/course-card';
import { Pagination } from '../components/pagination';
import { EmptyState, ErrorMessage, Loading } from '../components/status';
import { useLoad } from '../components/use-load';

const PAGE_SIZE = 12;

export function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [query, setQuery] = useState(search);
  const courses = useLoad(() => api.catalog.listCourses({ search, page, limit: PAGE_SIZE }), [search, page]);

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (query.trim()) next.set('search', query.trim());
    setParams(next);
  };

  return (
    <section aria-labelledby="catalog-title">
      <h1 id="catalog-title">Course catalogue</h1>
      <form role="search" className="search-form" onSubmit={onSearch}>
        <label htmlFor="course-search">Search courses</label>
        <input
          id="course-search"
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder="e.g. Kubernetes"
        />
        <button type="submit">Search</button>
      </form>
      {courses.loading && <Loading label="Loading courses…" />}
      <ErrorMessage error={courses.error} />
      {courses.data && !courses.loading && (
        <>
          <p className="muted" aria-live="polite">
            {courses.data.total === 1 ? '1 course' : `${courses.data.total} courses`}
            {search && ` matching “${search}”`}
          </p>
          {courses.data.items.length === 0 ? (
            <EmptyState>
              {search ? (
                <p>No course matches “{search}”. Try another word.</p>
              ) : (
                <p>No course has been published yet.</p>
              )}
            </EmptyState>
          ) : (
            <ul className="card-grid" aria-label="Courses">
              {courses.data.items.map((course) => (
                <CourseCard key={course.id} course={course} to={`/courses/${course.id}`} />
              ))}
            </ul>
          )}
          <Pagination
            page={courses.data.page ?? page}
            limit={courses.data.limit ?? PAGE_SIZE}
            total={courses.data.total}
            onPage={(next) => {
              const copy = new URLSearchParams(params);
              copy.set('page', String(next));
              setParams(copy);
            }}
          />
        </>
      )}
    </section>
  );
}
