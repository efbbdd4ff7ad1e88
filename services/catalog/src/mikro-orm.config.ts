import { join } from 'node:path';
import { MESSAGING_ENTITIES } from '@platform/messaging';
import { createOrmConfig, IdempotencyRecord } from '@platform/service-kit';
import { Comment, CommentReport } from './comments/comment.entity';
import type { CatalogConfig } from './config/catalog.config';
import { Course } from './courses/course.entity';
import { Lesson } from './courses/lesson.entity';
import { Section } from './courses/section.entity';
import { MediaImage } from './covers/media-image.entity';
import { MediaVideo } from './covers/media-video.entity';

/** catalog's one MikroORM configuration: the app, `migrate` and the tests all use it. */
export function catalogOrmConfig(config: CatalogConfig): ReturnType<typeof createOrmConfig> {
  return createOrmConfig(config, {
    entities: [
      Course,
      Section,
      Lesson,
      Comment,
      CommentReport,
      MediaImage,
      MediaVideo,
      IdempotencyRecord,
      ...MESSAGING_ENTITIES,
    ],
    migrationsPath: join(__dirname, 'migrations'),
  });
}
