import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module';
import { Completion } from './completion.entity';
import { CourseCompletion } from './course-completion';

/** Completions, the progress figure, the one-time `progress.course.completed` and the certificate. */
@Module({
  imports: [MikroOrmModule.forFeature([Completion]), CertificatesModule],
  providers: [CourseCompletion],
  exports: [CourseCompletion],
})
export class CompletionModule {}
