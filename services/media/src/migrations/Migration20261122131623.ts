import { Migration } from '@mikro-orm/migrations';

export class Migration20261122131623 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "inbox_message" ("message_id" uuid not null, "consumer" varchar(200) not null, "processed_at" timestamptz not null, constraint "inbox_message_pkey" primary key ("message_id", "consumer"));`,
    );

    this.addSql(
      `create table "media" ("id" uuid not null, "owner_id" uuid not null, "purpose" text check ("purpose" in ('course-cover', 'lesson-video')) not null, "content_type" varchar(100) not null, "declared_size" bigint not null, "object_key" varchar(300) not null, "filename" varchar(255) not null, "status" text check ("status" in ('pending', 'processing', 'ready', 'failed')) not null, "failure_reason" text null, "variants" jsonb not null, "upload_id" varchar(1024) null, "created_at" timestamptz not null, constraint "media_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "media_owner_id_index" on "media" ("owner_id");`);

    this.addSql(
      `create table "outbox_message" ("id" uuid not null, "type" varchar(200) not null, "version" int not null default 1, "payload" jsonb not null, "correlation_id" varchar(128) not null, "source" varchar(64) not null, "occurred_at" timestamptz not null, "published_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, constraint "outbox_message_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "outbox_message_unpublished_idx" on "outbox_message" ("occurred_at") where "published_at" is null;`,
    );
  }
}
