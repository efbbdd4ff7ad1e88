import { Migration } from '@mikro-orm/migrations';

export class Migration20261202004042 extends Migration {
  override async up(): Promise<void> {
    // Generated, then trimmed by hand: the diff against a live database also proposes dropping the
    // hand-written search column and indexes of Migration20261122130100.
    this.addSql(`alter table "media_images" add column "owner_id" uuid null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "media_images" drop column "owner_id";`);
  }
}
