import { Module } from '@nestjs/common';
import { CourseProgressReader } from './course-progress.reader';
import { CourseProgressRoute } from './course-progress.route';
import { PreparedQueries } from './prepared-queries';

/** The hot read path: a learner's progress through one course. */
@Module({
  providers: [CourseProgressReader, PreparedQueries, CourseProgressRoute],
})
export class CourseProgressModule {}
