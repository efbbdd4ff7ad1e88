import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { Certificate } from './certificate.entity';
import { Certificates } from './certificates';
import { CertificatesController } from './certificates.controller';

/** Course certificates: issued by CourseCompletion at a first 100 %, read by anyone with the id. */
@Module({
  imports: [MikroOrmModule.forFeature([Certificate])],
  controllers: [CertificatesController],
  providers: [Certificates],
  exports: [Certificates],
})
export class CertificatesModule {}
