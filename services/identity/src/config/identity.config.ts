import { ACCESS_TOKEN_AUDIENCE_DEFAULT, ACCESS_TOKEN_ISSUER_DEFAULT, BACKEND_SERVICES } from '@platform/contracts';
import { BaseServiceConfig, NumberFromEnv } from '@platform/service-kit';
import { IsEmail, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';

const URL_OPTIONS = { require_tld: false, require_protocol: true } as const;

export class IdentityConfig extends BaseServiceConfig {
  override PORT = BACKEND_SERVICES.identity.port;
  override DATABASE_NAME = BACKEND_SERVICES.identity.database;

  /** Public URL of the web app: e-mail links point there. */
  @IsUrl({ ...URL_OPTIONS, protocols: ['http', 'https'] }, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL!: string;

  @IsUrl({ ...URL_OPTIONS, protocols: ['smtp', 'smtps'] }, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL!: string;

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Learning Platform <no-reply@platform.local>';

  /** PKCS#8 PEM of the Ed25519 signing key; required in production, generated per process otherwise. */
  @IsOptional()
  @IsString()
  JWT_PRIVATE_KEY?: string;

  @IsString()
  @MinLength(1)
  JWT_ISSUER = ACCESS_TOKEN_ISSUER_DEFAULT;

  @IsString()
  @MinLength(1)
  JWT_AUDIENCE = ACCESS_TOKEN_AUDIENCE_DEFAULT;

  @NumberFromEnv()
  @IsInt()
  @Min(30)
  @Max(900)
  ACCESS_TOKEN_TTL_SECONDS = 600;

  @NumberFromEnv()
  @IsInt()
  @Min(1)
  @Max(90)
  REFRESH_TOKEN_TTL_DAYS = 30;

  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an e-mail address' })
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' })
  ADMIN_PASSWORD?: string;

  /** Login attempts allowed per minute, per client address and per e-mail. */
  @NumberFromEnv()
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 10;

  /** Registrations and password-reset requests allowed per minute per client address. */
  @NumberFromEnv()
  @IsInt()
  @Min(1)
  SIGNUP_RATE_LIMIT = 10;

  /** How often the mail sender looks for unsent mail (it is also woken after each commit). */
  @NumberFromEnv()
  @IsInt()
  @Min(100)
  MAIL_RETRY_INTERVAL_MS = 5000;
}
