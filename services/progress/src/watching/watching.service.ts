import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '@platform/service-kit';
import { CourseCompletion, type LearnerLesson } from '../completion/course-completion';
import { rows } from '../database/sql';
import type { VideoPositionView } from '../progress.views';
import type { PositionReportDto } from './dto/position.dto';
import { applyReport, watchedEnough, watchedPercent, type WatchState } from './watch-coverage';

export type { VideoPositionView };

interface PositionRow {
  position_seconds: number;
  duration_seconds: number;
  watched_segments: string;
  reported_at: Date;
}

/** Resume positions of video lessons, and their completion once most of the video was watched. */
@Injectable()
export class WatchingService {
  constructor(
    private readonly em: EntityManager,
    private readonly completion: CourseCompletion,
  ) {}

  async position(userId: string, lessonId: string): Promise<VideoPositionView> {
    return this.em.transactional(async (em) => {
      const lesson = await this.videoLesson(em, userId, lessonId);
      const [row] = await rows<PositionRow>(
        em,
        `select position_seconds, duration_seconds, watched_segments, reported_at
           from video_positions where user_id = ? and lesson_id = ?`,
        [userId, lessonId],
      );
      return this.view(em, userId, lesson, row ? stateOf(row) : null);
    });
  }

  /**
   * Records a report of the learner's player (position and the duration it knows), credits what
   * could really have been watched since the previous report, and completes the lesson once
   * COMPLETION_SHARE of it was. The row is locked: two tabs reporting at once take turns.
   */
  async report(userId: string, lessonId: string, report: PositionReportDto): Promise<VideoPositionView> {
    if (report.position > report.duration + 1)
      throw new InvalidInputError('position must not be beyond the end of the video (duration)');
    return this.em.transactional(async (em) => {
      const lesson = await this.videoLesson(em, userId, lessonId);
      const [row] = await rows<PositionRow>(
        em,
        `select position_seconds, duration_seconds, watched_segments, reported_at
           from video_positions where user_id = ? and lesson_id = ? for update`,
        [userId, lessonId],
      );
      const next = applyReport(row ? stateOf(row) : null, report, new Date());
      await rows(
        em,
        `insert into video_positions
           (id, user_id, lesson_id, course_id, position_seconds, duration_seconds, watched_segments, reported_at)
         values (?, ?, ?, ?, ?, ?, ?, ?)
         on conflict (user_id, lesson_id) do update set
           course_id = excluded.course_id, position_seconds = excluded.position_seconds,
           duration_seconds = excluded.duration_seconds, watched_segments = excluded.watched_segments,
           reported_at = excluded.reported_at`,
        [
          crypto.randomUUID(),
          userId,
          lessonId,
          lesson.courseId,
          next.position,
          next.duration,
          next.segments,
          next.reportedAt,
        ],
      );
      if (watchedEnough(next.segments)) await this.completion.lessonDone(em, userId, lesson);
      return this.view(em, userId, lesson, next);
    });
  }

  private async videoLesson(em: EntityManager, userId: string, lessonId: string): Promise<LearnerLesson> {
    const lesson = await this.completion.lessonForLearner(em, userId, lessonId);
    if (lesson.type !== 'video') throw new InvalidInputError('Positions are kept for video lessons only');
    return lesson;
  }

  private async view(
    em: EntityManager,
    userId: string,
    lesson: LearnerLesson,
    state: WatchState | null,
  ): Promise<VideoPositionView> {
    const done = await rows(em, 'select 1 from completions where user_id = ? and lesson_id = ?', [userId, lesson.id]);
    return {
      lessonId: lesson.id,
      courseId: lesson.courseId,
      position: state?.position ?? 0,
      duration: state?.duration ?? null,
      watchedPercent: state ? watchedPercent(state.segments) : 0,
      completed: done.length > 0,
    };
  }
}

function stateOf(row: PositionRow): WatchState {
  return {
    position: Number(row.position_seconds),
    duration: Number(row.duration_seconds),
    segments: row.watched_segments,
    reportedAt: new Date(row.reported_at),
  };
}
