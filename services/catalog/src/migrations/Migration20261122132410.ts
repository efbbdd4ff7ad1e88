import { Migration } from '@mikro-orm/migrations';

export class Migration20261122132410 extends Migration {
  override async up(): Promise<void> {
    // Added by hand: comments left behind by lessons deleted before this key existed.
    this.addSql(`delete from "comments" where "lesson_id" not in (select "id" from "lessons");`);
    this.addSql(
      `alter table "comments" add constraint "comments_lesson_id_foreign" foreign key ("lesson_id") references "lessons" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "comments" drop constraint "comments_lesson_id_foreign";`);
  }
}
