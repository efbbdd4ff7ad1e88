import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { CompletionModule } from '../completion/completion.module';
import { VideoPosition } from './video-position.entity';
import { WatchingController } from './watching.controller';
import { WatchingService } from './watching.service';

/** Resume positions in video lessons and completion by watching. */
@Module({
  imports: [MikroOrmModule.forFeature([VideoPosition]), CompletionModule],
  controllers: [WatchingController],
  providers: [WatchingService],
})
export class WatchingModule {}
