import { useId } from 'react';
import { COURSE_CATEGORIES, isCourseCategory, type CourseCategory } from '@platform/contracts';

/** The course's category, from the fixed list catalog accepts; empty means none. */
export function CategorySelect({
  value,
  onChange,
}: {
  value: CourseCategory | null;
  onChange: (value: CourseCategory | null) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Category</label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(event) => onChange(isCourseCategory(event.target.value) ? event.target.value : null)}
      >
        <option value="">No category</option>
        {Object.entries(COURSE_CATEGORIES).map(([category, label]) => (
          <option key={category} value={category}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}
