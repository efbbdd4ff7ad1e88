import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CourseOutlineSnapshot } from '@platform/contracts';
import { CourseModel } from './course-model.entity';
import { LessonModel, SectionModel } from './outline-model.entity';

/**
 * Applies catalog's snapshots. Runs inside the consumer's transaction (with the inbox row), so a
 * snapshot is applied whole or not at all; a revision not newer than the stored one is ignored, so
 * redeliveries and out-of-order retries cannot roll a course back.
 */
@Injectable()
export class ReadModelService {
  constructor(private readonly em: EntityManager) {}

  async applySnapshot(snapshot: CourseOutlineSnapshot): Promise<void> {
    const course = await this.em.findOne(CourseModel, { id: snapshot.courseId });
    if (course && course.revision >= snapshot.revision) return;
    if (course) {
      course.revision = snapshot.revision;
      course.title = snapshot.title;
      course.published = true;
    } else {
      this.em.persist(new CourseModel(snapshot.courseId, snapshot.revision, snapshot.title, true));
    }
    await this.em.nativeDelete(LessonModel, { courseId: snapshot.courseId });
    await this.em.nativeDelete(SectionModel, { courseId: snapshot.courseId });
    for (const section of snapshot.sections) {
      this.em.persist(new SectionModel(section.sectionId, snapshot.courseId, section.position));
      for (const lesson of section.lessons) {
        this.em.persist(
          new LessonModel(
            lesson.lessonId,
            snapshot.courseId,
            section.sectionId,
            lesson.position,
            lesson.type,
            lesson.quiz ?? null,
          ),
        );
      }
    }
  }

  /** Unpublished or deleted: no new enrolments; learners' completions are kept for a republish. */
  async withdraw(courseId: string, revision: number): Promise<void> {
    const course = await this.em.findOne(CourseModel, { id: courseId });
    if (!course) {
      // A tombstone: an older snapshot arriving late must not publish the course again.
      this.em.persist(new CourseModel(courseId, revision, '', false));
      return;
    }
    if (course.revision >= revision) return;
    course.revision = revision;
    course.published = false;
  }
}
