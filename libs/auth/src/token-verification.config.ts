import { ACCESS_TOKEN_AUDIENCE_DEFAULT, ACCESS_TOKEN_ISSUER_DEFAULT } from '@platform/contracts';
import { BaseServiceConfig } from '@platform/service-kit';
import { IsString, IsUrl, MinLength } from 'class-validator';

/** Settings of a service that verifies identity's access tokens (every service but identity). */
export class TokenVerificationConfig extends BaseServiceConfig {
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'JWKS_URL must be an http(s) URL' },
  )
  JWKS_URL!: string;

  @IsString()
  @MinLength(1)
  JWT_ISSUER = ACCESS_TOKEN_ISSUER_DEFAULT;

  @IsString()
  @MinLength(1)
  JWT_AUDIENCE = ACCESS_TOKEN_AUDIENCE_DEFAULT;
}

export function authOptionsFrom(config: TokenVerificationConfig): { keys: string; issuer: string; audience: string } {
  return { keys: config.JWKS_URL, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
}
