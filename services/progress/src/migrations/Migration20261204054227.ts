import { Migration } from '@mikro-orm/migrations';

/** Each attempt keeps its questions as graded; attempts made before have none. */
export class Migration20261204054227 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "quiz_attempts" add column "questions" jsonb not null default '[]';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "quiz_attempts" drop column "questions";`);
  }
}
