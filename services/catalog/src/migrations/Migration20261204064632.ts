import { Migration } from '@mikro-orm/migrations';

export class Migration20261204064632 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "comment_reports" ("id" uuid not null, "comment_id" uuid not null, "reporter_id" uuid not null, "created_at" timestamptz not null, constraint "comment_reports_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "comment_reports" add constraint "comment_reports_comment_id_reporter_id_unique" unique ("comment_id", "reporter_id");`,
    );

    this.addSql(
      `alter table "comment_reports" add constraint "comment_reports_comment_id_foreign" foreign key ("comment_id") references "comments" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`alter table "comments" add column "parent_id" uuid null, add column "edited_at" timestamptz null;`);
    this.addSql(
      `alter table "comments" add constraint "comments_parent_id_foreign" foreign key ("parent_id") references "comments" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "comment_reports" cascade;`);

    this.addSql(`alter table "comments" drop constraint "comments_parent_id_foreign";`);

    this.addSql(`alter table "comments" drop column "parent_id", drop column "edited_at";`);
  }
}
