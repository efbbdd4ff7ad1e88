import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api';
import { usePageTitle } from './page-title';

/** An id that names nothing: malformed (400) or unknown (404) both mean "not here" to a person. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 400);
}

/** A page for something that does not exist (or no longer does), with ways to go on. */
export function NotFound({ title, children }: { title: string; children?: ReactNode }) {
  usePageTitle(title);
  return (
    <section aria-labelledby="not-found-title">
      <h1 id="not-found-title">{title}</h1>
      {children}
      <p>
        <Link to="/">Browse the catalogue</Link>
      </p>
    </section>
  );
}
