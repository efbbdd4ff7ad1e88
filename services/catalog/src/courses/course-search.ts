import type { CourseCategory, CourseSort } from '@platform/contracts';
import type { CourseStatus } from './course.entity';

/** At most this many words of a search are used: more only slow the query down. */
export const MAX_SEARCH_TERMS = 8;

/**
 * The words of a search, lower-cased: letters and digits only, so each one is safe as a prefix term
 * of `to_tsquery` (operators and quotes a visitor types are word boundaries, never syntax).
 */
export function searchTerms(search: string | undefined): string[] {
  const words = (search ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, MAX_SEARCH_TERMS);
}

/** The same text the trigram index is built on (courses_search_trigram_idx). */
const SEARCH_TEXT = `("title" || ' ' || "description")`;

export interface ListingFilter {
  readonly terms: readonly string[];
  readonly category?: CourseCategory;
  readonly sort?: CourseSort;
  /** Only this instructor's courses, drafts included; otherwise published courses with lessons. */
  readonly instructorId?: string;
  /** Every course of every status (an admin's view); wins over instructorId. */
  readonly everyCourse?: boolean;
  /** Only courses in this status (with instructorId or everyCourse; the public listing is published only). */
  readonly status?: CourseStatus;
}

export interface ListingSql {
  readonly where: string;
  readonly params: unknown[];
  readonly orderBy: string;
  readonly orderParams: unknown[];
}

/**
 * The listing's WHERE and ORDER BY. Every search word must match, either as the prefix of a word of
 * the title or description (`kube` → Kubernetes; GIN on the weighted tsvector) or as a word with a
 * similar spelling (`kubernets`; pg_trgm's word similarity, GIN on the text). Relevance: the
 * full-text rank (title words weigh more than description words) plus each word's similarity to a
 * word of the title (so a misspelt title word still puts its course first); ties, and the other
 * orders, end on the id so pages never overlap.
 */
export function listingSql(filter: ListingFilter): ListingSql {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const teaching = filter.everyCourse || !!filter.instructorId;
  if (filter.everyCourse) {
    // no owner or status condition: an admin sees every course
  } else if (filter.instructorId) {
    conditions.push('"instructor_id" = ?');
    params.push(filter.instructorId);
  } else {
    conditions.push(`"status" = 'published'`, '"lesson_count" > 0');
  }
  if (filter.status) {
    conditions.push('"status" = ?');
    params.push(filter.status);
  }
  if (filter.category) {
    conditions.push('"category" = ?');
    params.push(filter.category);
  }
  for (const term of filter.terms) {
    conditions.push(`("search_vector" @@ to_tsquery('simple', ?) or ? <% ${SEARCH_TEXT})`);
    params.push(`${term}:*`, term);
  }
  const where = conditions.length > 0 ? conditions.join(' and ') : 'true';
  const newest = teaching ? '"created_at" desc' : '"published_at" desc';
  const sort = filter.sort ?? (filter.terms.length > 0 ? 'relevance' : 'newest');
  if (sort === 'title') return { where, params, orderBy: 'lower("title") asc, "id" asc', orderParams: [] };
  if (sort === 'relevance' && filter.terms.length > 0) {
    const anyTerm = filter.terms.map((term) => `${term}:*`).join(' | ');
    const titleSimilarity = filter.terms.map(() => 'word_similarity(?, "title")').join(' + ');
    return {
      where,
      params,
      orderBy: `ts_rank("search_vector", to_tsquery('simple', ?)) + ${titleSimilarity} desc, ${newest}, "id" asc`,
      orderParams: [anyTerm, ...filter.terms],
    };
  }
  return { where, params, orderBy: `${newest}, "id" asc`, orderParams: [] };
}
