import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { COURSE_CATEGORIES, isCourseCategory } from '@platform/contracts';
import { api, type CourseSort } from '../api';
import { CourseCard } from '../components/course-card';
import { Pagination } from '../components/pagination';
import { EmptyState, ErrorMessage, Loading } from '../components/status';
import { useLoad } from '../components/use-load';

const PAGE_SIZE = 12;

const SORT_LABEL: Record<CourseSort, string> = {
  relevance: 'Best match',
  newest: 'Newest',
  title: 'Title (A–Z)',
};

function sortFrom(value: string | null): CourseSort | undefined {
  return value === 'relevance' || value === 'newest' || value === 'title' ? value : undefined;
}

export function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const requestedCategory = params.get('category');
  const category = isCourseCategory(requestedCategory) ? requestedCategory : undefined;
  const sort = sortFrom(params.get('sort'));
  const page = Math.max(1, Math.min(10_000, Math.floor(Number(params.get('page'))) || 1));
  const [query, setQuery] = useState(search);
  const courses = useLoad(
    () => api.catalog.listCourses({ search, category, sort, page, limit: PAGE_SIZE }),
    [search, category, sort, page],
  );

  /** The listing with one parameter changed (or removed), back on page 1. */
  const change = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete('page');
    setParams(next);
  };

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    change('search', query.trim() || undefined);
  };

  const sorts: CourseSort[] = search ? ['relevance', 'newest', 'title'] : ['newest', 'title'];
  const shownSort = sort && sorts.includes(sort) ? sort : sorts[0];

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
      <div className="catalog-filters">
        <div className="field">
          <label htmlFor="course-category">Category</label>
          <select
            id="course-category"
            value={category ?? ''}
            onChange={(event) => change('category', event.target.value || undefined)}
          >
            <option value="">All categories</option>
            {Object.entries(COURSE_CATEGORIES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="course-sort">Sort by</label>
          <select id="course-sort" value={shownSort} onChange={(event) => change('sort', event.target.value)}>
            {sorts.map((value) => (
              <option key={value} value={value}>
                {SORT_LABEL[value]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {courses.loading && <Loading label="Loading courses…" />}
      <ErrorMessage error={courses.error} />
      {courses.data && !courses.loading && (
        <>
          <p className="muted" aria-live="polite">
            {courses.data.total === 1 ? '1 course' : `${courses.data.total} courses`}
            {search && ` matching “${search}”`}
            {category && ` in ${COURSE_CATEGORIES[category]}`}
          </p>
          {courses.data.items.length === 0 ? (
            <EmptyState>
              {search || category ? (
                <p>No course matches. Try another word or category.</p>
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
