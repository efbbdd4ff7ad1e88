import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@platform/auth';
import { ApiAnswer } from '@platform/service-kit';
import { CertificateViewSchema } from '../progress.views';
import { type CertificateView, Certificates } from './certificates';

@ApiTags('certificates')
@Controller('certificates')
export class CertificatesController {
  constructor(private readonly certificates: Certificates) {}

  /** Public: the link is what a learner shares; anyone opening it sees what progress issued. */
  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'A certificate of completion, as anyone with its link sees it' })
  @ApiAnswer(CertificateViewSchema, 'The certificate')
  get(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string): Promise<CertificateView> {
    return this.certificates.find(id);
  }
}
