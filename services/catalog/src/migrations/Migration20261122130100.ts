import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: MikroORM does not model generated tsvector columns or GIN indexes. Full-text
 * search over title and description for the public listing, and the listing's order.
 */
export class Migration20261122130100 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "courses" add column "search_vector" tsvector generated always as (to_tsvector('simple', coalesce("title", '') || ' ' || coalesce("description", ''))) stored;`,
    );
    this.addSql(`create index "courses_search_vector_idx" on "courses" using gin ("search_vector");`);
    this.addSql(
      `create index "courses_published_listing_idx" on "courses" ("published_at" desc, "id") where "status" = 'published';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "courses_published_listing_idx";`);
    this.addSql(`drop index if exists "courses_search_vector_idx";`);
    this.addSql(`alter table "courses" drop column if exists "search_vector";`);
  }
}
