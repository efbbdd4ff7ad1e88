import { Migration } from '@mikro-orm/migrations';

export class Migration20261122132626 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "media" add column "used_by" jsonb not null default '[]';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "media" drop column "used_by";`);
  }
}
