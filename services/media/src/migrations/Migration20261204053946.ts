import { Migration } from '@mikro-orm/migrations';

export class Migration20261204053946 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "course_media_uses" ("course_id" uuid not null, "media_id" uuid not null, "kind" text check ("kind" in ('cover', 'video', 'captions', 'image')) not null, constraint "course_media_uses_pkey" primary key ("course_id", "media_id", "kind"));`,
    );
    this.addSql(`create index "course_media_uses_media_id_index" on "course_media_uses" ("media_id");`);

    this.addSql(
      `create table "known_courses" ("course_id" uuid not null, "revision" int not null, "instructor_id" uuid not null, "published" boolean not null, "updated_at" timestamptz not null, constraint "known_courses_pkey" primary key ("course_id"));`,
    );

    this.addSql(`alter table "media" add column "upload_key" varchar(300) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "course_media_uses" cascade;`);

    this.addSql(`drop table if exists "known_courses" cascade;`);

    this.addSql(`alter table "media" drop column "upload_key";`);
  }
}
