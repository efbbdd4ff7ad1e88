import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { Completion } from './completion.entity';
import { CourseCompletion } from './course-completion';

/** Completions, the progress figure and the one-time `progress.course.completed`. */
@Module({
  imports: [MikroOrmModule.forFeature([Completion])],
  providers: [CourseCompletion],
  exports: [CourseCompletion],
})
export class CompletionModule {}
