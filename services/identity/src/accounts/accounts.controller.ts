import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@platform/auth';
import { RateLimited } from '../security/rate-limits';
import type { UserView } from '../users/user.entity';
import { AccountsService } from './accounts.service';
import { EmailDto } from './dto/email.dto';
import { PasswordResetConfirmDto } from './dto/password-reset-confirm.dto';
import { RegisterDto } from './dto/register.dto';
import { TokenDto } from './dto/token.dto';

@ApiTags('accounts')
@Public()
@Controller()
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('register')
  @RateLimited('signup')
  @ApiOperation({ summary: 'Create a learner account and send its verification e-mail' })
  register(@Body() dto: RegisterDto): Promise<UserView> {
    return this.accounts.register(dto.email, dto.password, dto.displayName);
  }

  @Post('verify-email')
  @HttpCode(200)
  verifyEmail(@Body() dto: TokenDto): Promise<UserView> {
    return this.accounts.verifyEmail(dto.token);
  }

  @Post('verify-email/resend')
  @HttpCode(202)
  @RateLimited('signup')
  async resend(@Body() dto: EmailDto): Promise<{ status: 'queued' }> {
    await this.accounts.resendVerification(dto.email);
    return { status: 'queued' };
  }

  @Post('password-reset/request')
  @HttpCode(202)
  @RateLimited('signup')
  @ApiOperation({ summary: 'Mail a reset link if the account exists (the answer never says)' })
  async requestReset(@Body() dto: EmailDto): Promise<{ status: 'queued' }> {
    await this.accounts.requestPasswordReset(dto.email);
    return { status: 'queued' };
  }

  @Post('password-reset/confirm')
  @HttpCode(204)
  confirmReset(@Body() dto: PasswordResetConfirmDto): Promise<void> {
    return this.accounts.confirmPasswordReset(dto.token, dto.newPassword);
  }
}
