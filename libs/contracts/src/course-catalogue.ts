/**
 * The fixed list of course categories an instructor picks from: one list shared by catalog (which
 * validates it) and the web app (which offers it and labels the filter), so a filter never meets an
 * unknown value and nobody has to moderate free-form tags.
 */
export const COURSE_CATEGORIES = {
  'cloud-devops': 'Cloud & DevOps',
  programming: 'Programming',
  'data-databases': 'Data & databases',
  'web-development': 'Web development',
  security: 'Security',
  'design-product': 'Design & product',
  other: 'Other',
} as const;

export type CourseCategory = keyof typeof COURSE_CATEGORIES;

export const COURSE_CATEGORY_IDS = Object.keys(COURSE_CATEGORIES) as CourseCategory[];

export function isCourseCategory(value: unknown): value is CourseCategory {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(COURSE_CATEGORIES, value);
}

/** Orders of the public catalogue: `relevance` applies to a search (newest otherwise). */
export const COURSE_SORTS = ['relevance', 'newest', 'title'] as const;
export type CourseSort = (typeof COURSE_SORTS)[number];

/** Reading speed behind a text lesson's estimated length. */
export const READING_WORDS_PER_MINUTE = 200;
/** Estimated time per quiz question. */
export const MINUTES_PER_QUIZ_QUESTION = 1;
