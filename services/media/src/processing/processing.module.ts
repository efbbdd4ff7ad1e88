import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { Media } from '../media/media.entity';
import { ObjectStorage } from '../storage/object-storage';
import { ImageProcessingService } from './image-processing.service';
import { ImageRenderer } from './image-renderer';
import { ImageUploadedConsumer } from './image-uploaded.consumer';

@Module({
  imports: [MikroOrmModule.forFeature([Media])],
  controllers: [ImageUploadedConsumer],
  providers: [ObjectStorage, ImageRenderer, ImageProcessingService],
})
export class ProcessingModule {}
