import { Migration } from '@mikro-orm/migrations';

export class Migration20261122141041 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "media" add column "render_attempts" int not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "media" drop column "render_attempts";`);
  }
}
