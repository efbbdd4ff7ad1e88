import { Migration } from '@mikro-orm/migrations';

export class Migration20261204053645 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "media" drop constraint if exists "media_purpose_check";`);

    this.addSql(
      `alter table "media" add constraint "media_purpose_check" check("purpose" in ('course-cover', 'lesson-video', 'lesson-captions'));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "media" drop constraint if exists "media_purpose_check";`);

    this.addSql(
      `alter table "media" add constraint "media_purpose_check" check("purpose" in ('course-cover', 'lesson-video'));`,
    );
  }
}
