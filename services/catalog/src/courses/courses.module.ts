import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { CourseEvents } from './course-events';
import { Course } from './course.entity';
import { CoursesController } from './courses.controller';
import { CoursesService } from './courses.service';
import { Lesson } from './lesson.entity';
import { OutlineController } from './outline.controller';
import { OutlineService } from './outline.service';
import { Section } from './section.entity';

@Module({
  imports: [MikroOrmModule.forFeature([Course, Section, Lesson])],
  controllers: [CoursesController, OutlineController],
  providers: [CoursesService, OutlineService, CourseEvents],
  exports: [OutlineService],
})
export class CoursesModule {}
