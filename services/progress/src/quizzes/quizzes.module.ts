import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { CompletionModule } from '../completion/completion.module';
import { QuizAttempt } from './quiz-attempt.entity';
import { QuizzesController } from './quizzes.controller';
import { QuizzesService } from './quizzes.service';

/** Quiz attempts graded on the server, within the quiz's attempt limit. */
@Module({
  imports: [MikroOrmModule.forFeature([QuizAttempt]), CompletionModule],
  controllers: [QuizzesController],
  providers: [QuizzesService],
})
export class QuizzesModule {}
