import { positionalPlaceholders, type PreparedStatement, StatementNames } from '@platform/service-kit';
import type { CourseSummarySource, CourseView } from './course.views';

/** The columns the summary view reads, named as the view's source names them. */
const SUMMARY_COLUMNS = [
  '"id"',
  '"title"',
  '"slug"',
  '"description"',
  '"status"',
  '"category"',
  '"instructor_id" as "instructorId"',
  '"instructor_name" as "instructorName"',
  '"lesson_count" as "lessonCount"',
  '"estimated_minutes" as "estimatedMinutes"',
  '"cover_media_id" as "coverMediaId"',
  '"published_at" as "publishedAt"',
  '"created_at" as "createdAt"',
].join(', ');

export type OutlineRow = CourseSummarySource & { revision: number; sections: CourseView['sections'] };

/**
 * A course with its outline as the view shows it (sections and lessons in position order, only the
 * fields the view has), in one statement: loading the entities joined with every lesson's content
 * and quiz was most of the read's CPU (bench/README.md, catalog).
 */
export const OUTLINE_SQL = `select ${SUMMARY_COLUMNS}, "revision", coalesce((
    select json_agg(json_build_object('id', "s"."id", 'title', "s"."title", 'position', "s"."position", 'lessons', coalesce((
        select json_agg(json_build_object('id', "l"."id", 'type', "l"."type", 'title', "l"."title", 'position', "l"."position")
          order by "l"."position", "l"."id")
        from "lessons" as "l" where "l"."section_id" = "s"."id"), '[]'))
      order by "s"."position", "s"."id")
    from "sections" as "s" where "s"."course_id" = "courses"."id"), '[]') as "sections"
  from "courses" where "id" = ?`;

/** The outline's statement, prepared once per connection (service-kit's PreparedStatements). */
export const OUTLINE_STATEMENT: PreparedStatement = {
  name: 'catalog_course_outline',
  text: positionalPlaceholders(OUTLINE_SQL),
};

export type ListingRow = CourseSummarySource & { total: string };

/** A page of the listing with the number of all matching courses (`where` and `orderBy` from listingSql). */
export function listingPageSql(where: string, orderBy: string): string {
  return `select ${SUMMARY_COLUMNS}, count(*) over () as "total" from "courses" where ${where} order by ${orderBy} limit ? offset ?`;
}

/** Each shape of the listing without search words (filters, order: a bounded set) as a statement of its own. */
const listingPages = new StatementNames('catalog_listing_page');

export function listingPageStatement(where: string, orderBy: string): PreparedStatement {
  return listingPages.of(listingPageSql(where, orderBy));
}
