import {
  ACCESS_TOKEN_AUDIENCE_DEFAULT,
  ACCESS_TOKEN_ISSUER_DEFAULT,
  ACCESS_TOKEN_MAX_TTL_SECONDS,
  BACKEND_SERVICES,
} from '@platform/contracts';
import { BaseServiceConfig, NumberFromEnv } from '@platform/service-kit';
import { IsPlainEmail } from '../users/email-address';
import { IsEmail, IsInt, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

const URL_OPTIONS = { require_tld: false, require_protocol: true } as const;

/** identity's environment (README.md lists every variable); nothing else in the service reads process.env. */
export class IdentityConfig extends BaseServiceConfig {
  override PORT = BACKEND_SERVICES.identity.port;
  override DATABASE_NAME = BACKEND_SERVICES.identity.database;

  /** Public URL of the web app: e-mail links point there (`${PUBLIC_URL}/verify-email?token=`). */
  @IsUrl({ ...URL_OPTIONS, protocols: ['http', 'https'] }, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL!: string;

  /** `smtp://[user:pass@]host:port` (STARTTLS when offered) or `smtps://` (implicit TLS). */
  @IsUrl({ ...URL_OPTIONS, protocols: ['smtp', 'smtps'] }, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL!: string;

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Learning Platform <no-reply@platform.local>';

  /**
   * PKCS#8 PEM of the Ed25519 signing key (`\n` escapes accepted). Required in production; elsewhere
   * a key is generated per process (tokens then die with the process).
   */
  @ValidateIf((config: IdentityConfig) => config.NODE_ENV === 'production' || config.JWT_PRIVATE_KEY !== undefined)
  @Matches(/-{5}BEGIN PRIVATE KEY-{5}/, {
    message:
      'JWT_PRIVATE_KEY must be the PKCS#8 PEM ("BEGIN PRIVATE KEY") of an Ed25519 key; it is required in production',
  })
  JWT_PRIVATE_KEY?: string;

  @IsString()
  @MinLength(1)
  JWT_ISSUER = ACCESS_TOKEN_ISSUER_DEFAULT;

  @IsString()
  @MinLength(1)
  JWT_AUDIENCE = ACCESS_TOKEN_AUDIENCE_DEFAULT;

  /** Lifetime of access tokens; at most 15 minutes, since a signed token cannot be recalled. */
  @NumberFromEnv()
  @IsInt()
  @Min(30)
  @Max(ACCESS_TOKEN_MAX_TTL_SECONDS, {
    message: `ACCESS_TOKEN_TTL_SECONDS must not be greater than ${ACCESS_TOKEN_MAX_TTL_SECONDS} (15 minutes)`,
  })
  ACCESS_TOKEN_TTL_SECONDS = 600;

  @NumberFromEnv()
  @IsInt()
  @Min(1)
  @Max(90)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /** First admin account, created at start if missing (like createsuperuser). Both or neither. */
  @ValidateIf((config: IdentityConfig) => config.ADMIN_PASSWORD !== undefined || config.ADMIN_EMAIL !== undefined)
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an e-mail address (required with ADMIN_PASSWORD)' })
  @IsPlainEmail()
  ADMIN_EMAIL?: string;

  @ValidateIf((config: IdentityConfig) => config.ADMIN_PASSWORD !== undefined || config.ADMIN_EMAIL !== undefined)
  @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters (required with ADMIN_EMAIL)' })
  ADMIN_PASSWORD?: string;

  /** Length of every rate-limit window. */
  @NumberFromEnv()
  @IsInt()
  @Min(1)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Sign-in attempts per window, counted per client address and, separately, per e-mail. */
  @NumberFromEnv()
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 10;

  /** Registrations and verification re-sends per window, per client address and per e-mail. */
  @NumberFromEnv()
  @IsInt()
  @Min(1)
  SIGNUP_RATE_LIMIT = 10;

  /** Password-reset requests and confirmations per window, per client address and per e-mail. */
  @NumberFromEnv()
  @IsInt()
  @Min(1)
  PASSWORD_RESET_RATE_LIMIT = 5;

  /** How often the mail sender looks for due mail (it is also woken after each commit); first retry delay. */
  @NumberFromEnv()
  @IsInt()
  @Min(100)
  MAIL_RETRY_INTERVAL_MS = 5000;

  /** Attempts before a mail is given up (delays double from MAIL_RETRY_INTERVAL_MS, capped at an hour). */
  @NumberFromEnv()
  @IsInt()
  @Min(1)
  MAIL_MAX_ATTEMPTS = 10;
}
