import { Module } from '@nestjs/common';
import { CourseProgressController } from './course-progress.controller';
import { CourseProgressReader } from './course-progress.reader';
import { PreparedQueries } from './prepared-queries';

/** The hot read path: a learner's progress through one course. */
@Module({
  controllers: [CourseProgressController],
  providers: [CourseProgressReader, PreparedQueries],
})
export class CourseProgressModule {}
