import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { CatalogEventsConsumer } from '../read-model/catalog-events.consumer';
import { CourseModel } from '../read-model/course-model.entity';
import { LessonModel, SectionModel } from '../read-model/outline-model.entity';
import { ReadModelService } from '../read-model/read-model.service';
import { QuizAttempt } from '../quizzes/quiz-attempt.entity';
import { QuizzesController } from '../quizzes/quizzes.controller';
import { QuizzesService } from '../quizzes/quizzes.service';
import { CourseCompletion } from './course-completion';
import { Completion, Enrollment } from './enrollment.entity';
import { ProgressController } from './progress.controller';
import { ProgressService } from './progress.service';

@Module({
  imports: [MikroOrmModule.forFeature([CourseModel, SectionModel, LessonModel, Enrollment, Completion, QuizAttempt])],
  controllers: [ProgressController, QuizzesController, CatalogEventsConsumer],
  providers: [ProgressService, QuizzesService, CourseCompletion, ReadModelService],
})
export class ProgressModule {}
