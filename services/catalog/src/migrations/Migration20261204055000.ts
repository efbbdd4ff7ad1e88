import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand (the quiz is a jsonb document, so the schema and its snapshot do not change):
 * quizzes made before learners' rules existed get the defaults of QUIZ_DEFAULTS (3 attempts where
 * the limit was none, review after passing or the last attempt, no retake after a pass), a limit
 * within today's bounds (1-20), and no explanation per question.
 */
export class Migration20261204055000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`update "lessons" set "quiz" = "quiz" || jsonb_build_object(
        'maxAttempts', least(coalesce(("quiz" ->> 'maxAttempts')::int, 3), 20),
        'review', coalesce("quiz" -> 'review', '"after-pass-or-last-attempt"'::jsonb),
        'allowRetakeAfterPass', coalesce("quiz" -> 'allowRetakeAfterPass', 'false'::jsonb),
        'questions', (select coalesce(jsonb_agg(q || jsonb_build_object('explanation', coalesce(q -> 'explanation', 'null'::jsonb)) order by n), '[]'::jsonb)
                        from jsonb_array_elements("quiz" -> 'questions') with ordinality as t(q, n)))
      where "type" = 'quiz' and "quiz" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`update "lessons" set "quiz" = ("quiz" - 'review' - 'allowRetakeAfterPass') || jsonb_build_object(
        'questions', (select coalesce(jsonb_agg(q - 'explanation' order by n), '[]'::jsonb)
                        from jsonb_array_elements("quiz" -> 'questions') with ordinality as t(q, n)))
      where "type" = 'quiz' and "quiz" is not null;`);
  }
}
