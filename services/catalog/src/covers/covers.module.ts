import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { CoversService } from './covers.service';
import { MediaImage } from './media-image.entity';
import { MediaVideo } from './media-video.entity';
import { MediaEventsConsumer } from './media-events.consumer';

@Module({
  imports: [MikroOrmModule.forFeature([MediaImage, MediaVideo])],
  controllers: [MediaEventsConsumer],
  providers: [CoversService],
})
export class CoversModule {}
