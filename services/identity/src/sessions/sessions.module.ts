import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { SecurityModule } from '../security/security.module';
import { AccessTokenIssuer } from './access-token.issuer';
import { AuthController } from './auth.controller';
import { RefreshCookie } from './refresh-cookie';
import { RefreshToken } from './refresh-token.entity';
import { SessionsService } from './sessions.service';

/** Sign-in, refresh rotation, sign-out and the JWKS. SigningKeys comes from AppModule. */
@Module({
  imports: [MikroOrmModule.forFeature([RefreshToken]), SecurityModule],
  controllers: [AuthController],
  providers: [SessionsService, AccessTokenIssuer, RefreshCookie],
  exports: [SessionsService],
})
export class SessionsModule {}
