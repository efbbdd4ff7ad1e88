import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { MediaImage } from './media-image.entity';
import { MediaEventsConsumer } from './media-events.consumer';

@Module({ imports: [MikroOrmModule.forFeature([MediaImage])], controllers: [MediaEventsConsumer] })
export class CoversModule {}
