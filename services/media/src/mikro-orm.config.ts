import { join } from 'node:path';
import { MESSAGING_ENTITIES } from '@platform/messaging';
import { createOrmConfig, IdempotencyRecord } from '@platform/service-kit';
import type { MediaConfig } from './config/media.config';
import { CourseMediaUse, KnownCourse } from './media/course-media.entity';
import { Media } from './media/media.entity';

/** media's one MikroORM configuration: the app, the worker, `migrate` and the tests all use it. */
export function mediaOrmConfig(config: MediaConfig): ReturnType<typeof createOrmConfig> {
  return createOrmConfig(config, {
    entities: [Media, KnownCourse, CourseMediaUse, IdempotencyRecord, ...MESSAGING_ENTITIES],
    migrationsPath: join(__dirname, 'migrations'),
  });
}
