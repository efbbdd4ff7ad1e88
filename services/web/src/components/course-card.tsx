import { Link } from 'react-router';
import type { ReactNode } from 'react';
import { COURSE_CATEGORIES } from '@platform/contracts';
import type { Course } from '../api';
import { useOwnMediaFallback } from './use-own-media';

// How wide covers are shown (styles.css): a card column is at most ~17rem, the course page's 28rem.
const COVER_SIZES = {
  small: '(max-width: 36rem) calc(100vw - 2rem), 18rem',
  large: '(max-width: 30rem) calc(100vw - 2rem), 28rem',
};

export function CourseCover({ course, size }: { course: Course; size: 'small' | 'large' }) {
  const url = size === 'small' ? (course.coverSmallUrl ?? course.coverUrl) : (course.coverUrl ?? course.coverSmallUrl);
  // A draft's cover is not public: its instructor sees it through their own token.
  const own = useOwnMediaFallback(course.coverMediaId, size === 'small' ? 'card' : 'medium');
  if (!url || own.failed) {
    return (
      <div className={`cover cover-${size} cover-placeholder`} aria-hidden="true">
        {course.title.slice(0, 1).toUpperCase()}
      </div>
    );
  }
  // Decorative next to the course title, so an empty alt keeps screen readers from repeating it.
  // The browser picks the variant for the shown width and the screen's density from the srcset.
  if (own.src) return <img className={`cover cover-${size}`} src={own.src} alt="" />;
  return (
    <img
      className={`cover cover-${size}`}
      onError={own.onError}
      src={url}
      srcSet={course.coverSrcset ?? undefined}
      sizes={course.coverSrcset ? COVER_SIZES[size] : undefined}
      alt=""
      loading="lazy"
    />
  );
}

/** "~1 h 5 min" / "~12 min": an estimate, rounded up by catalog. */
export function lengthText(minutes: number): string {
  if (minutes < 60) return `~${minutes} min`;
  const rest = minutes % 60;
  return `~${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ''}`;
}

/** Who teaches it, how many lessons, how long: what a learner weighs before opening a course. */
export function CourseFacts({ course }: { course: Course }) {
  const facts: string[] = [];
  if (course.instructorName) facts.push(`by ${course.instructorName}`);
  if (course.lessonCount !== undefined)
    facts.push(course.lessonCount === 1 ? '1 lesson' : `${course.lessonCount} lessons`);
  if (course.estimatedMinutes) facts.push(lengthText(course.estimatedMinutes));
  if (facts.length === 0 && !course.category) return null;
  return (
    <p className="course-facts">
      {course.category && (
        <span className="badge badge-category">{COURSE_CATEGORIES[course.category] ?? course.category}</span>
      )}
      {facts.map((fact) => (
        <span key={fact} className="fact">
          {fact}
        </span>
      ))}
    </p>
  );
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
        <CourseFacts course={course} />
        <p className="card-text">{course.description}</p>
        {extra}
      </div>
    </li>
  );
}
