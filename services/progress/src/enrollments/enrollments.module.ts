import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { CompletionModule } from '../completion/completion.module';
import { EnrollmentsController } from './enrollments.controller';
import { Enrollment } from './enrollment.entity';
import { EnrollmentsService } from './enrollments.service';

/** Enrolment, my enrolments, lesson completion. */
@Module({
  imports: [MikroOrmModule.forFeature([Enrollment]), CompletionModule],
  controllers: [EnrollmentsController],
  providers: [EnrollmentsService],
})
export class EnrollmentsModule {}
