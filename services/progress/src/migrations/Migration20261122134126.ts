import { Migration } from '@mikro-orm/migrations';

/**
 * Generated from the entities, with the data step written by hand: `published` becomes the course's
 * `status` (a withdrawn course was unpublished, as far as these rows can tell) and `ever_published`
 * (false only for tombstones, which never had a title). The hot read's completions lookup gets a
 * covering index; enrolments gain a course index for outline changes (user lookups use the unique
 * (user_id, course_id) index).
 */
export class Migration20261122134126 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index "completions_user_id_course_id_index";`);
    this.addSql(
      `create index "completions_user_course_lesson_index" on "completions" ("user_id", "course_id", "lesson_id");`,
    );

    this.addSql(
      `alter table "course_models" add column "status" text check ("status" in ('published', 'unpublished', 'deleted')) not null default 'published';`,
    );
    this.addSql(`alter table "course_models" add column "ever_published" boolean not null default true;`);
    this.addSql(
      `update "course_models" set "status" = case when "published" then 'published' else 'unpublished' end, "ever_published" = "published" or "title" <> '';`,
    );
    this.addSql(`alter table "course_models" drop column "published";`);

    this.addSql(`drop index "enrollments_user_id_index";`);
    this.addSql(`create index "enrollments_course_id_index" on "enrollments" ("course_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "completions_user_course_lesson_index";`);
    this.addSql(`create index "completions_user_id_course_id_index" on "completions" ("user_id", "course_id");`);

    this.addSql(`alter table "course_models" add column "published" boolean not null default false;`);
    this.addSql(`update "course_models" set "published" = "status" = 'published';`);
    this.addSql(`alter table "course_models" alter column "published" drop default;`);
    this.addSql(`alter table "course_models" drop column "status", drop column "ever_published";`);

    this.addSql(`drop index "enrollments_course_id_index";`);
    this.addSql(`create index "enrollments_user_id_index" on "enrollments" ("user_id");`);
  }
}
