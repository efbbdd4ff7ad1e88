import { Migration } from '@mikro-orm/migrations';

export class Migration20261122124758 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "mail_messages" ("id" uuid not null, "recipient" varchar(254) not null, "subject" varchar(200) not null, "text" text not null, "html" text not null, "created_at" timestamptz not null, "sent_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, constraint "mail_messages_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "mail_messages_unsent_idx" on "mail_messages" ("created_at") where "sent_at" is null;`);

    this.addSql(
      `create table "one_time_tokens" ("id" uuid not null, "user_id" uuid not null, "purpose" text check ("purpose" in ('verify-email', 'reset-password')) not null, "token_digest" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, constraint "one_time_tokens_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "one_time_tokens_user_id_index" on "one_time_tokens" ("user_id");`);
    this.addSql(
      `alter table "one_time_tokens" add constraint "one_time_tokens_token_digest_unique" unique ("token_digest");`,
    );

    this.addSql(
      `create table "outbox_message" ("id" uuid not null, "type" varchar(200) not null, "version" int not null default 1, "payload" jsonb not null, "correlation_id" varchar(128) not null, "source" varchar(64) not null, "occurred_at" timestamptz not null, "published_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, constraint "outbox_message_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "outbox_message_unpublished_idx" on "outbox_message" ("occurred_at") where "published_at" is null;`,
    );

    this.addSql(
      `create table "refresh_tokens" ("id" uuid not null, "user_id" uuid not null, "family_id" uuid not null, "token_digest" varchar(64) not null, "expires_at" timestamptz not null, "spent_at" timestamptz null, "revoked_at" timestamptz null, "created_at" timestamptz not null, constraint "refresh_tokens_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "refresh_tokens_user_id_index" on "refresh_tokens" ("user_id");`);
    this.addSql(`create index "refresh_tokens_family_id_index" on "refresh_tokens" ("family_id");`);
    this.addSql(
      `alter table "refresh_tokens" add constraint "refresh_tokens_token_digest_unique" unique ("token_digest");`,
    );

    this.addSql(
      `create table "users" ("id" uuid not null, "email" varchar(254) not null, "email_normalised" varchar(254) not null, "display_name" varchar(100) not null, "password_hash" text not null, "roles" jsonb not null, "email_verified" boolean not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "users_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "users" add constraint "users_email_normalised_unique" unique ("email_normalised");`);
    this.addSql(`create index "users_created_at_index" on "users" ("created_at");`);
  }
}
