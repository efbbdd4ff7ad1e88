import { Migration } from '@mikro-orm/migrations';

export class Migration20261204021653 extends Migration {
  override async up(): Promise<void> {
    // Added by hand: the trigram operator class, and the search column and index of the hand-written
    // Migration20261122130100 (unknown to the snapshot) give way to the modelled, weighted ones.
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`drop index if exists "courses_search_vector_idx";`);
    this.addSql(`alter table "courses" drop column if exists "search_vector";`);
    this.addSql(
      `alter table "courses" add column "search_vector" tsvector generated always as (setweight(to_tsvector('simple', coalesce("title", '')), 'A') || setweight(to_tsvector('simple', coalesce("description", '')), 'B')) stored null, add column "category" text check ("category" in ('cloud-devops', 'programming', 'data-databases', 'web-development', 'security', 'design-product', 'other')) null, add column "instructor_name" varchar(100) not null default '', add column "lesson_count" int not null default 0, add column "estimated_minutes" int not null default 0;`,
    );
    this.addSql(
      `create index "courses_search_trigram_idx" on "courses" using gin (("title" || ' ' || "description") gin_trgm_ops);`,
    );
    this.addSql(`create index "courses_search_vector_idx" on "courses" using gin ("search_vector");`);
    // Added by hand: the listing's figures of existing courses, as Course.touch() counts them.
    this.addSql(`update "courses" c set "lesson_count" = f."lessons", "estimated_minutes" = f."minutes"
      from (select s."course_id", count(l."id") as "lessons",
                   ceil(coalesce(sum(case
                     when l."type" = 'text' and btrim(coalesce(l."content", '')) <> ''
                       then array_length(regexp_split_to_array(btrim(l."content"), '\\s+'), 1) / 200.0
                     when l."type" = 'quiz' then jsonb_array_length(l."quiz" -> 'questions') * 1.0
                     else 0 end), 0)) as "minutes"
              from "sections" s join "lessons" l on l."section_id" = s."id"
             group by s."course_id") f
      where f."course_id" = c."id";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "courses_search_trigram_idx";`);
    this.addSql(`drop index "courses_search_vector_idx";`);
    this.addSql(
      `alter table "courses" drop column "search_vector", drop column "category", drop column "instructor_name", drop column "lesson_count", drop column "estimated_minutes";`,
    );
  }
}
