import { join } from 'node:path';
import { MESSAGING_ENTITIES } from '@platform/messaging';
import { createOrmConfig } from '@platform/service-kit';
import { Certificate } from './certificates/certificate.entity';
import type { ProgressConfig } from './config/progress.config';
import { Completion } from './completion/completion.entity';
import { Enrollment } from './enrollments/enrollment.entity';
import { QuizAttempt } from './quizzes/quiz-attempt.entity';
import { CourseModel } from './read-model/course-model.entity';
import { LessonModel, SectionModel } from './read-model/outline-model.entity';
import { VideoPosition } from './watching/video-position.entity';

/** progress's one MikroORM configuration: the app, `migrate` and the tests all use it. */
export function progressOrmConfig(config: ProgressConfig): ReturnType<typeof createOrmConfig> {
  return createOrmConfig(config, {
    entities: [
      CourseModel,
      SectionModel,
      LessonModel,
      Enrollment,
      Completion,
      Certificate,
      QuizAttempt,
      VideoPosition,
      ...MESSAGING_ENTITIES,
    ],
    migrationsPath: join(__dirname, 'migrations'),
  });
}
