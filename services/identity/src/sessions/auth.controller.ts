import { applyDecorators, Body, Controller, Get, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@platform/auth';
import { SESSION_COOKIE_HEADER } from '@platform/contracts';
import { ApiAnswer, ApiErrors, InvalidInputError, UnauthenticatedError } from '@platform/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimited } from '../security/rate-limits';
import { LoginDto } from './dto/login.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { RefreshCookie } from './refresh-cookie';
import { type CookieSession, JwksSchema, SessionAnswerSchema } from './session.view';
import { type Session, SessionsService } from './sessions.service';
import { SigningKeys } from './signing-keys';

// Cookie mode refuses a cross-site request (403).
const CookieMode = (): MethodDecorator =>
  applyDecorators(
    ApiErrors(403),
    ApiHeader({
      name: SESSION_COOKIE_HEADER,
      required: false,
      description:
        'The web app: `1` keeps the refresh token in an HttpOnly, SameSite=Strict cookie on /api/identity instead of the JSON body (same-origin requests only)',
    }),
  );

/** Body mode's token: required there, as the JSON contract says. */
function bodyToken(dto: RefreshTokenDto): string {
  if (dto.refreshToken === undefined) throw new InvalidInputError('refreshToken must be a string');
  return dto.refreshToken;
}

@ApiTags('sessions')
@Public()
@Controller()
export class AuthController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly cookie: RefreshCookie,
    private readonly keys: SigningKeys,
  ) {}

  @Post('login')
  @HttpCode(200)
  @RateLimited('login')
  @CookieMode()
  @ApiOperation({ summary: 'Sign in (401 bad credentials, 403 unverified): an access token and a refresh token' })
  @ApiAnswer(SessionAnswerSchema, 'A new session (without `refreshToken` in cookie mode)')
  @ApiErrors(401)
  async login(
    @Body() dto: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Session | CookieSession> {
    const cookieMode = this.cookie.requested(request);
    const session = await this.sessions.login(dto.email, dto.password);
    return cookieMode ? this.cookie.handOver(reply, session) : session;
  }

  @Post('refresh')
  @HttpCode(200)
  @CookieMode()
  @ApiOperation({ summary: 'Spend a refresh token for a new pair; reusing a spent one revokes its sign-in (401)' })
  @ApiAnswer(SessionAnswerSchema, 'The next session (without `refreshToken` in cookie mode)')
  @ApiErrors(401)
  async refresh(
    @Body() dto: RefreshTokenDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Session | CookieSession> {
    if (!this.cookie.requested(request)) return this.sessions.refresh(bodyToken(dto));
    const token = this.cookie.read(request);
    if (!token) throw new UnauthenticatedError('No session cookie: sign in again');
    try {
      return this.cookie.handOver(reply, await this.sessions.refresh(token));
    } catch (error) {
      if (error instanceof UnauthenticatedError) this.cookie.clear(reply);
      throw error;
    }
  }

  @Post('logout')
  @HttpCode(204)
  @CookieMode()
  @ApiOperation({ summary: 'Revoke the sign-in of this refresh token (idempotent)' })
  async logout(
    @Body() dto: RefreshTokenDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    if (!this.cookie.requested(request)) return this.sessions.logout(bodyToken(dto));
    const token = this.cookie.read(request);
    if (token) await this.sessions.logout(token);
    this.cookie.clear(reply);
  }

  @Get('.well-known/jwks.json')
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'Public keys that verify access tokens (JWKS)' })
  @ApiAnswer(JwksSchema, 'The key set')
  jwks(): Promise<object> {
    return this.keys.jwks();
  }
}
