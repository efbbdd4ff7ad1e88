import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { CompletionModule } from '../completion/completion.module';
import { CatalogEventsConsumer } from './catalog-events.consumer';
import { CourseModel } from './course-model.entity';
import { LessonModel, SectionModel } from './outline-model.entity';
import { ReadModelService } from './read-model.service';

/** progress's copy of the published courses, fed only by catalog's events. */
@Module({
  imports: [MikroOrmModule.forFeature([CourseModel, SectionModel, LessonModel]), CompletionModule],
  controllers: [CatalogEventsConsumer],
  providers: [ReadModelService],
  exports: [ReadModelService],
})
export class ReadModelModule {}
