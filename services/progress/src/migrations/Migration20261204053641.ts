import { Migration } from '@mikro-orm/migrations';

export class Migration20261204053641 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "video_positions" ("id" uuid not null, "user_id" uuid not null, "lesson_id" uuid not null, "course_id" uuid not null, "position_seconds" double precision not null default 0, "duration_seconds" double precision not null, "watched_segments" varchar(100) not null default '0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000', "reported_at" timestamptz not null, constraint "video_positions_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "video_positions_course_id_index" on "video_positions" ("course_id");`);
    this.addSql(
      `alter table "video_positions" add constraint "video_positions_user_id_lesson_id_unique" unique ("user_id", "lesson_id");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "video_positions" cascade;`);
  }
}
