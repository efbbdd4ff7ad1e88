import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@platform/auth';
import { ApiAnswer } from '@platform/service-kit';
import { AcceptedSchema } from '../security/accepted.view';
import { RateLimited } from '../security/rate-limits';
import { PasswordResetConfirmDto } from './dto/password-reset-confirm.dto';
import { PasswordResetRequestDto } from './dto/password-reset-request.dto';
import { PasswordResetService } from './password-reset.service';

@ApiTags('password-reset')
@Public()
@Controller('password-reset')
export class PasswordResetController {
  constructor(private readonly passwordReset: PasswordResetService) {}

  @Post('request')
  @HttpCode(202)
  @RateLimited('password-reset')
  @ApiOperation({ summary: 'Mail a reset link if the account exists (202 either way: the answer never says)' })
  @ApiAnswer(AcceptedSchema, 'Accepted, whether or not the account exists')
  async request(@Body() dto: PasswordResetRequestDto): Promise<{ status: 'accepted' }> {
    await this.passwordReset.request(dto.email);
    return { status: 'accepted' };
  }

  @Post('confirm')
  @HttpCode(204)
  @RateLimited('password-reset')
  @ApiOperation({ summary: 'Set a new password with the mailed token; signs every session out' })
  confirm(@Body() dto: PasswordResetConfirmDto): Promise<void> {
    return this.passwordReset.confirm(dto.token, dto.newPassword);
  }
}
