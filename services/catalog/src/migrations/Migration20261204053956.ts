import { Migration } from '@mikro-orm/migrations';

export class Migration20261204053956 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "media_videos" ("media_id" uuid not null, "owner_id" uuid not null, "reported_at" timestamptz not null, constraint "media_videos_pkey" primary key ("media_id"));`,
    );
    // Added by hand: media learns which media every existing course uses (as
    // courseMediaSnapshot builds it), so files of courses published before media kept its read
    // model stay readable to their learners. Published by the relay like any recorded event.
    this
      .addSql(`insert into "outbox_message" ("id", "type", "version", "payload", "correlation_id", "source", "occurred_at", "attempts")
      select gen_random_uuid(), 'catalog.course.media-changed', 1, jsonb_build_object(
        'courseId', c.id,
        'revision', c.revision,
        'instructorId', c.instructor_id,
        'published', c.status = 'published',
        'coverMediaId', c.cover_media_id,
        'videoMediaIds', coalesce((select jsonb_agg(distinct l.media_id) from lessons l join sections s on s.id = l.section_id
          where s.course_id = c.id and l.type = 'video' and l.media_id is not null), '[]'::jsonb),
        'captionMediaIds', coalesce((select jsonb_agg(distinct l.captions_media_id) from lessons l join sections s on s.id = l.section_id
          where s.course_id = c.id and l.type = 'video' and l.captions_media_id is not null), '[]'::jsonb),
        'imageMediaIds', coalesce((select jsonb_agg(distinct lower(m[1])) from lessons l join sections s on s.id = l.section_id
          cross join lateral regexp_matches(coalesce(l.content, ''), 'media:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})', 'gi') as m
          where s.course_id = c.id and l.type = 'text'), '[]'::jsonb)
      ), 'migration-' || c.id, 'catalog', now(), 0
      from courses c;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "media_videos" cascade;`);
  }
}
