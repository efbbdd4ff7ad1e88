import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { ObjectStorage } from '../storage/object-storage';
import { CatalogEventsConsumer } from './catalog-events.consumer';
import { MediaController } from './media.controller';
import { Media } from './media.entity';
import { MediaService } from './media.service';

@Module({
  imports: [MikroOrmModule.forFeature([Media])],
  controllers: [MediaController, CatalogEventsConsumer],
  providers: [MediaService, ObjectStorage],
})
export class MediaModule {}
