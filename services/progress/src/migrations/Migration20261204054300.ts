import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand (data only, so the snapshot does not change): the answer keys progress holds get
 * the quiz rules' defaults, as catalog's migration gives its quizzes (3 attempts where the limit was
 * none, review after passing or the last attempt, no retake after a pass, no explanations) until
 * catalog sends the course again. Keys that have their rules keep them.
 */
export class Migration20261204054300 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`update "lesson_models" set "quiz" = "quiz" || jsonb_build_object(
        'maxAttempts', least(coalesce(("quiz" ->> 'maxAttempts')::int, 3), 20),
        'review', coalesce("quiz" -> 'review', '"after-pass-or-last-attempt"'::jsonb),
        'allowRetakeAfterPass', coalesce("quiz" -> 'allowRetakeAfterPass', 'false'::jsonb),
        'questions', (select coalesce(jsonb_agg(q || jsonb_build_object('explanation', coalesce(q -> 'explanation', 'null'::jsonb)) order by n), '[]'::jsonb)
                        from jsonb_array_elements("quiz" -> 'questions') with ordinality as t(q, n)))
      where "type" = 'quiz' and "quiz" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`update "lesson_models" set "quiz" = ("quiz" - 'review' - 'allowRetakeAfterPass') || jsonb_build_object(
        'questions', (select coalesce(jsonb_agg(q - 'explanation' order by n), '[]'::jsonb)
                        from jsonb_array_elements("quiz" -> 'questions') with ordinality as t(q, n)))
      where "type" = 'quiz' and "quiz" is not null;`);
  }
}
