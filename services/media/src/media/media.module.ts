import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { ObjectStorage } from '../storage/object-storage';
import { CatalogEventsConsumer } from './catalog-events.consumer';
import { CourseMediaUse, KnownCourse } from './course-media.entity';
import { CourseMediaReadModel } from './course-media.service';
import { MediaController } from './media.controller';
import { Media } from './media.entity';
import { MediaRemoval } from './media-removal';
import { MediaService } from './media.service';

@Module({
  imports: [MikroOrmModule.forFeature([Media, KnownCourse, CourseMediaUse])],
  controllers: [MediaController, CatalogEventsConsumer],
  providers: [MediaService, MediaRemoval, CourseMediaReadModel, ObjectStorage],
  exports: [MediaRemoval],
})
export class MediaModule {}
