import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@platform/auth';
import { type CertificateView, Certificates } from './certificates';

@ApiTags('certificates')
@Controller('certificates')
export class CertificatesController {
  constructor(private readonly certificates: Certificates) {}

  /** Public: the link is what a learner shares; anyone opening it sees what progress issued. */
  @Get(':id')
  @Public()
  get(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string): Promise<CertificateView> {
    return this.certificates.find(id);
  }
}
