import { Migration } from '@mikro-orm/migrations';

export class Migration20261202022223 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "rate_limit_counters" ("key" text not null, "hits" int not null, "expires_at" timestamptz not null, constraint "rate_limit_counters_pkey" primary key ("key"));`,
    );
    this.addSql(`create index "rate_limit_counters_expires_at_index" on "rate_limit_counters" ("expires_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rate_limit_counters" cascade;`);
  }
}
