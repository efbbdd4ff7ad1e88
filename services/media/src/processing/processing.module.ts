import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { Media } from '../media/media.entity';
import { ObjectStorage } from '../storage/object-storage';
import { ImageUploadedConsumer } from './image-uploaded.consumer';

@Module({
  imports: [MikroOrmModule.forFeature([Media])],
  controllers: [ImageUploadedConsumer],
  providers: [ObjectStorage],
})
export class ProcessingModule {}
