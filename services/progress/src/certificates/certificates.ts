import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@platform/service-kit';
import { changed, rows } from '../database/sql';
import type { CertificateView } from '../progress.views';

export type { CertificateView };

/**
 * Issues and reads certificates. Issuing is idempotent by the unique (user, course) key: the first
 * 100 % issues it (inside that transaction), a redelivered event or a racing completion finds it
 * there and changes nothing.
 */
@Injectable()
export class Certificates {
  constructor(private readonly em: EntityManager) {}

  /** Issues the learner's certificate of the course, if they have none; names as of now. */
  async issue(em: EntityManager, userId: string, courseId: string, completedAt: Date): Promise<void> {
    await changed(
      em,
      `insert into certificates (id, user_id, course_id, learner_name, course_title, completed_at)
       select ?, e.user_id, e.course_id, e.learner_name, c.title, ?
         from enrollments e join course_models c on c.id = e.course_id
        where e.user_id = ? and e.course_id = ?
       on conflict (user_id, course_id) do nothing`,
      [crypto.randomUUID(), completedAt, userId, courseId],
    );
  }

  async find(id: string): Promise<CertificateView> {
    const em = this.em.fork();
    const [row] = await rows<{
      id: string;
      course_id: string;
      learner_name: string;
      course_title: string;
      completed_at: Date;
    }>(em, 'select id, course_id, learner_name, course_title, completed_at from certificates where id = ?', [id]);
    if (!row) throw new NotFoundError('Certificate', id);
    return {
      id: row.id,
      courseId: row.course_id,
      learnerName: row.learner_name,
      courseTitle: row.course_title,
      completedAt: new Date(row.completed_at).toISOString(),
    };
  }
}
