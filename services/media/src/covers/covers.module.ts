import { Module } from '@nestjs/common';
import { MediaModule } from '../media/media.module';
import { CatalogCoverEventsConsumer } from './catalog-cover-events.consumer';
import { CoversService } from './covers.service';

@Module({
  imports: [MediaModule],
  controllers: [CatalogCoverEventsConsumer],
  providers: [CoversService],
})
export class CoversModule {}
