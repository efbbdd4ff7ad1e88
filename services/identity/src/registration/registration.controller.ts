import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@platform/auth';
import { ApiAnswer, ApiErrors, Idempotent } from '@platform/service-kit';
import { AcceptedSchema } from '../security/accepted.view';
import { RateLimited } from '../security/rate-limits';
import { type UserView, UserViewSchema } from '../users/user.view';
import { RegisterDto } from './dto/register.dto';
import { ResendVerificationDto } from './dto/resend-verification.dto';
import { VerifyEmailDto } from './dto/verify-email.dto';
import { RegistrationService } from './registration.service';

@ApiTags('registration')
@Public()
@Controller()
export class RegistrationController {
  constructor(private readonly registration: RegistrationService) {}

  @Post('register')
  @RateLimited('signup')
  @ApiOperation({ summary: 'Create a learner account (409 if the e-mail is taken) and mail its verification link' })
  @ApiAnswer(UserViewSchema, 'The new account, not yet verified')
  @ApiErrors(409)
  @Idempotent()
  register(@Body() dto: RegisterDto): Promise<UserView> {
    return this.registration.register(dto.email, dto.password, dto.displayName);
  }

  @Post('verify-email')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({ summary: 'Confirm the e-mail address with the mailed token (400 if invalid, expired or used)' })
  @ApiAnswer(UserViewSchema, 'The account, now verified')
  verifyEmail(@Body() dto: VerifyEmailDto): Promise<UserView> {
    return this.registration.verifyEmail(dto.token);
  }

  @Post('verify-email/resend')
  @HttpCode(202)
  @RateLimited('signup')
  @ApiOperation({ summary: 'Mail a new verification link if the account exists and is unverified (never says)' })
  @ApiAnswer(AcceptedSchema, 'Accepted, whether or not a mail went out')
  async resend(@Body() dto: ResendVerificationDto): Promise<{ status: 'accepted' }> {
    await this.registration.resendVerification(dto.email);
    return { status: 'accepted' };
  }
}
