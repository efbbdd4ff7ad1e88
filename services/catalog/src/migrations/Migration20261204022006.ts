import { Migration } from '@mikro-orm/migrations';

export class Migration20261204022006 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "outbox_message" add column "traceparent" varchar(55) null, add column "tracestate" varchar(512) null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "outbox_message" drop column "traceparent", drop column "tracestate";`);
  }
}
