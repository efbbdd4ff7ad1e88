import { Migration } from '@mikro-orm/migrations';

export class Migration20261122134532 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index "mail_messages_unsent_idx";`);

    this.addSql(
      `alter table "mail_messages" add column "next_attempt_at" timestamptz not null default now(), add column "failed_at" timestamptz null;`,
    );
    this.addSql(
      `create index "mail_messages_due_idx" on "mail_messages" ("next_attempt_at") where "sent_at" is null and "failed_at" is null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "mail_messages_due_idx";`);
    this.addSql(`alter table "mail_messages" drop column "next_attempt_at", drop column "failed_at";`);

    this.addSql(
      `CREATE INDEX mail_messages_unsent_idx ON public.mail_messages USING btree (created_at) WHERE (sent_at IS NULL);`,
    );
  }
}
