import { Migration } from '@mikro-orm/migrations';

export class Migration20261122130047 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "comments" ("id" uuid not null, "lesson_id" uuid not null, "author_id" uuid not null, "author_name" varchar(254) not null, "body" text not null, "created_at" timestamptz not null, constraint "comments_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "comments_lesson_id_created_at_index" on "comments" ("lesson_id", "created_at");`);

    this.addSql(
      `create table "courses" ("id" uuid not null, "title" varchar(200) not null, "slug" varchar(220) not null, "description" text not null, "status" text check ("status" in ('draft', 'published')) not null default 'draft', "instructor_id" uuid not null, "cover_media_id" uuid null, "revision" int not null default 1, "published_at" timestamptz null, "created_at" timestamptz not null, constraint "courses_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "courses" add constraint "courses_slug_unique" unique ("slug");`);
    this.addSql(`create index "courses_instructor_id_index" on "courses" ("instructor_id");`);

    this.addSql(
      `create table "inbox_message" ("message_id" uuid not null, "consumer" varchar(200) not null, "processed_at" timestamptz not null, constraint "inbox_message_pkey" primary key ("message_id", "consumer"));`,
    );

    this.addSql(
      `create table "media_images" ("media_id" uuid not null, "status" text check ("status" in ('ready', 'failed')) not null, "variants" jsonb not null, "updated_at" timestamptz not null, constraint "media_images_pkey" primary key ("media_id"));`,
    );

    this.addSql(
      `create table "outbox_message" ("id" uuid not null, "type" varchar(200) not null, "version" int not null default 1, "payload" jsonb not null, "correlation_id" varchar(128) not null, "source" varchar(64) not null, "occurred_at" timestamptz not null, "published_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, constraint "outbox_message_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "outbox_message_unpublished_idx" on "outbox_message" ("occurred_at") where "published_at" is null;`,
    );

    this.addSql(
      `create table "sections" ("id" uuid not null, "course_id" uuid not null, "title" varchar(200) not null, "position" int not null, constraint "sections_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "lessons" ("id" uuid not null, "section_id" uuid not null, "type" text check ("type" in ('text', 'video', 'quiz')) not null, "title" varchar(200) not null, "position" int not null, "content" text null, "media_id" uuid null, "quiz" jsonb null, constraint "lessons_pkey" primary key ("id"));`,
    );

    this.addSql(
      `alter table "sections" add constraint "sections_course_id_foreign" foreign key ("course_id") references "courses" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "lessons" add constraint "lessons_section_id_foreign" foreign key ("section_id") references "sections" ("id") on update cascade on delete cascade;`,
    );
  }
}
