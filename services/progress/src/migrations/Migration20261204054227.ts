import { Migration } from '@mikro-orm/migrations';

/**
 * Generated from the entities (each attempt keeps its questions as graded), with the data step
 * written by hand: the answer keys progress holds get the quiz rules' defaults, as catalog's
 * migration gives its quizzes (3 attempts where the limit was none, review after passing or the last
 * attempt, no retake after a pass, no explanations) until catalog sends the course again.
 */
export class Migration20261204054227 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "quiz_attempts" add column "questions" jsonb not null default '[]';`);
    this.addSql(`update "lesson_models" set "quiz" = "quiz" || jsonb_build_object(
        'maxAttempts', least(coalesce(("quiz" ->> 'maxAttempts')::int, 3), 20),
        'review', coalesce("quiz" -> 'review', '"after-pass-or-last-attempt"'::jsonb),
        'allowRetakeAfterPass', coalesce("quiz" -> 'allowRetakeAfterPass', 'false'::jsonb),
        'questions', (select coalesce(jsonb_agg(q || jsonb_build_object('explanation', coalesce(q -> 'explanation', 'null'::jsonb)) order by n), '[]'::jsonb)
                        from jsonb_array_elements("quiz" -> 'questions') with ordinality as t(q, n)))
      where "type" = 'quiz' and "quiz" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "quiz_attempts" drop column "questions";`);
  }
}
