import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { CoursesModule } from '../courses/courses.module';
import { Comment, CommentReport } from './comment.entity';
import { CommentsController } from './comments.controller';
import { CommentsService } from './comments.service';

@Module({
  imports: [MikroOrmModule.forFeature([Comment, CommentReport]), CoursesModule],
  controllers: [CommentsController],
  providers: [CommentsService],
})
export class CommentsModule {}
