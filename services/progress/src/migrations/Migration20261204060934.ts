import { Migration } from '@mikro-orm/migrations';

export class Migration20261204060934 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "course_models" add column "instructor_id" uuid null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "course_models" drop column "instructor_id";`);
  }
}
