import { Migration } from '@mikro-orm/migrations';

export class Migration20261204053900 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "lessons" add column "captions_media_id" uuid null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "lessons" drop column "captions_media_id";`);
  }
}
