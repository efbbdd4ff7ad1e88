import { Migration } from '@mikro-orm/migrations';

export class Migration20261204170351 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "idempotency_record" ("caller" varchar(64) not null, "route" varchar(500) not null, "key" varchar(200) not null, "request_hash" varchar(64) not null, "status" int not null, "body" text null, "created_at" timestamptz not null, constraint "idempotency_record_pkey" primary key ("caller", "route", "key"));`,
    );
    this.addSql(`create index "idempotency_record_created_at_idx" on "idempotency_record" ("created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_record" cascade;`);
  }
}
