import { Migration } from '@mikro-orm/migrations';

export class Migration20261204055703 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "users" add column "disabled_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "users" drop column "disabled_at";`);
  }
}
