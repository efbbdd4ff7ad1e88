import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@platform/auth';
import { RateLimited } from '../security/rate-limits';
import { LoginDto } from './dto/login.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { type Session, SessionsService } from './sessions.service';
import { SigningKeys } from './signing-keys';

@ApiTags('sessions')
@Public()
@Controller()
export class AuthController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly keys: SigningKeys,
  ) {}

  @Post('login')
  @HttpCode(200)
  @RateLimited('login')
  @ApiOperation({ summary: 'Sign in (401 bad credentials, 403 unverified): an access token and a refresh token' })
  login(@Body() dto: LoginDto): Promise<Session> {
    return this.sessions.login(dto.email, dto.password);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Spend a refresh token for a new pair; reusing a spent one revokes its sign-in (401)' })
  refresh(@Body() dto: RefreshTokenDto): Promise<Session> {
    return this.sessions.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the sign-in of this refresh token (idempotent)' })
  logout(@Body() dto: RefreshTokenDto): Promise<void> {
    return this.sessions.logout(dto.refreshToken);
  }

  @Get('.well-known/jwks.json')
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'Public keys that verify access tokens (JWKS)' })
  jwks(): Promise<object> {
    return this.keys.jwks();
  }
}
