import { Module } from '@nestjs/common';
import { CourseProgressReader } from './course-progress.reader';
import { CourseProgressRoute } from './course-progress.route';

/** The hot read path: a learner's progress through one course. */
@Module({
  providers: [CourseProgressReader, CourseProgressRoute],
})
export class CourseProgressModule {}
