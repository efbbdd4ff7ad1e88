import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { OneTimeToken } from './one-time-token.entity';
import { OneTimeTokens } from './one-time-tokens.service';
import { PasswordHasher } from './password-hasher';
import { PasswordStrength } from './password-strength';

/** Password hashing and strength, e-mailed one-time tokens: shared by registration, password reset and sessions. */
@Module({
  imports: [MikroOrmModule.forFeature([OneTimeToken])],
  providers: [PasswordHasher, PasswordStrength, OneTimeTokens],
  exports: [PasswordHasher, PasswordStrength, OneTimeTokens],
})
export class SecurityModule {}
