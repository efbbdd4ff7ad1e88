import { Migration } from '@mikro-orm/migrations';

export class Migration20261122125543 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "inbox_message" ("message_id" uuid not null, "consumer" varchar(200) not null, "processed_at" timestamptz not null, constraint "inbox_message_pkey" primary key ("message_id", "consumer"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "inbox_message" cascade;`);
  }
}
