import { Migration } from '@mikro-orm/migrations';

export class Migration20261204054833 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "courses" drop constraint if exists "courses_status_check";`);

    this.addSql(`alter table "courses" alter column "status" drop default;`);
    this.addSql(`alter table "courses" alter column "status" type text using ("status"::text);`);
    this.addSql(`alter table "courses" alter column "revision" drop default;`);
    this.addSql(`alter table "courses" alter column "revision" type int using ("revision"::int);`);
    this.addSql(
      `alter table "courses" add constraint "courses_status_check" check("status" in ('draft', 'published', 'archived'));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "courses" drop constraint if exists "courses_status_check";`);

    this.addSql(`alter table "courses" alter column "status" type text using ("status"::text);`);
    this.addSql(`alter table "courses" alter column "status" set default 'draft';`);
    this.addSql(`alter table "courses" alter column "revision" type int using ("revision"::int);`);
    this.addSql(`alter table "courses" alter column "revision" set default 1;`);
    this.addSql(
      `alter table "courses" add constraint "courses_status_check" check("status" in ('draft', 'published'));`,
    );
  }
}
