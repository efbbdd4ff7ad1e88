import { Module } from '@nestjs/common';
import { CourseStatsController } from './course-stats.controller';
import { CourseStatsService } from './course-stats.service';

/** Figures of a course for its instructor and admins. */
@Module({
  controllers: [CourseStatsController],
  providers: [CourseStatsService],
})
export class CourseStatsModule {}
