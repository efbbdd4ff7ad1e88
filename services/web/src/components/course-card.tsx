import { Link } from 'react-router';
import type { ReactNode } from 'react';
import type { Course } from '../api';

export function CourseCover({ course, size }: { course: Course; size: 'small' | 'large' }) {
  const url = size === 'small' ? (course.coverSmallUrl ?? course.coverUrl) : (course.coverUrl ?? course.coverSmallUrl);
  if (!url) {
    return (
      <div className={`cover cover-${size} cover-placeholder`} aria-hidden="true">
        {course.title.slice(0, 1).toUpperCase()}
      </div>
    );
  }
  // Decorative next to the course title, so an empty alt keeps screen readers from repeating it.
  return <img className={`cover cover-${size}`} src={url} alt="" loading="lazy" />;
}

export function CourseCard({ course, to, extra }: { course: Course; to: string; extra?: ReactNode }) {
  return (
    <li className="card course-card">
      <CourseCover course={course} size="small" />
      <div className="card-body">
        <h2 className="card-title">
          <Link to={to}>{course.title}</Link>
        </h2>
        {course.status === 'draft' && <span className="badge">Draft</span>}
        <p className="card-text">{course.description}</p>
        {extra}
      </div>
    </li>
  );
}
