import { Migration } from '@mikro-orm/migrations';

export class Migration20261204022634 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "certificates" ("id" uuid not null, "user_id" uuid not null, "course_id" uuid not null, "learner_name" varchar(100) not null, "course_title" varchar(200) not null, "completed_at" timestamptz not null, constraint "certificates_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "certificates" add constraint "certificates_user_id_course_id_unique" unique ("user_id", "course_id");`,
    );

    this.addSql(`alter table "enrollments" add column "learner_name" varchar(100) not null default '';`);
    // Added by hand: learners who completed a course before certificates existed get theirs now
    // (without a name: progress did not keep it then; the web app shows a certificate without one).
    this
      .addSql(`insert into "certificates" ("id", "user_id", "course_id", "learner_name", "course_title", "completed_at")
      select gen_random_uuid(), e."user_id", e."course_id", '', c."title", e."completed_at"
        from "enrollments" e join "course_models" c on c."id" = e."course_id"
       where e."completed_at" is not null
      on conflict ("user_id", "course_id") do nothing;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "certificates" cascade;`);

    this.addSql(`alter table "enrollments" drop column "learner_name";`);
  }
}
