import { Migration } from '@mikro-orm/migrations';

export class Migration20261122130739 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "completions" ("id" uuid not null, "user_id" uuid not null, "course_id" uuid not null, "lesson_id" uuid not null, "completed_at" timestamptz not null, constraint "completions_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "completions_user_id_course_id_index" on "completions" ("user_id", "course_id");`);
    this.addSql(
      `alter table "completions" add constraint "completions_user_id_lesson_id_unique" unique ("user_id", "lesson_id");`,
    );

    this.addSql(
      `create table "course_models" ("id" uuid not null, "revision" int not null, "title" varchar(200) not null, "published" boolean not null, constraint "course_models_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "enrollments" ("id" uuid not null, "user_id" uuid not null, "course_id" uuid not null, "enrolled_at" timestamptz not null, "completed_at" timestamptz null, constraint "enrollments_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "enrollments_user_id_index" on "enrollments" ("user_id");`);
    this.addSql(
      `alter table "enrollments" add constraint "enrollments_user_id_course_id_unique" unique ("user_id", "course_id");`,
    );

    this.addSql(
      `create table "inbox_message" ("message_id" uuid not null, "consumer" varchar(200) not null, "processed_at" timestamptz not null, constraint "inbox_message_pkey" primary key ("message_id", "consumer"));`,
    );

    this.addSql(
      `create table "lesson_models" ("id" uuid not null, "course_id" uuid not null, "section_id" uuid not null, "position" int not null, "type" text check ("type" in ('text', 'video', 'quiz')) not null, "quiz" jsonb null, constraint "lesson_models_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "lesson_models_section_id_position_index" on "lesson_models" ("section_id", "position");`,
    );
    this.addSql(`create index "lesson_models_course_id_index" on "lesson_models" ("course_id");`);

    this.addSql(
      `create table "outbox_message" ("id" uuid not null, "type" varchar(200) not null, "version" int not null default 1, "payload" jsonb not null, "correlation_id" varchar(128) not null, "source" varchar(64) not null, "occurred_at" timestamptz not null, "published_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, constraint "outbox_message_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "outbox_message_unpublished_idx" on "outbox_message" ("occurred_at") where "published_at" is null;`,
    );

    this.addSql(
      `create table "quiz_attempts" ("id" uuid not null, "user_id" uuid not null, "lesson_id" uuid not null, "attempt_number" int not null, "max_attempts" int null, "idempotency_key" varchar(200) null, "score" int not null, "correct_count" int not null, "total" int not null, "passed" boolean not null, "created_at" timestamptz not null, constraint "quiz_attempts_pkey" primary key ("id"), constraint quiz_attempts_within_limit check (max_attempts is null or attempt_number <= max_attempts));`,
    );
    this.addSql(
      `alter table "quiz_attempts" add constraint "quiz_attempts_idempotency_unique" unique ("user_id", "lesson_id", "idempotency_key");`,
    );
    this.addSql(
      `alter table "quiz_attempts" add constraint "quiz_attempts_number_unique" unique ("user_id", "lesson_id", "attempt_number");`,
    );

    this.addSql(
      `create table "section_models" ("id" uuid not null, "course_id" uuid not null, "position" int not null, constraint "section_models_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "section_models_course_id_position_index" on "section_models" ("course_id", "position");`,
    );
  }
}
