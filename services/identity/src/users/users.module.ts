import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { SessionsModule } from '../sessions/sessions.module';
import { MailModule } from '../mail/mail.module';
import { SecurityModule } from '../security/security.module';
import { CurrentAccountInterceptor } from './current-account.interceptor';
import { FirstAdminService } from './first-admin.service';
import { MeController } from './me.controller';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** The account itself: /me, the first admin created at start, and the caller's account checked on every route. */
@Module({
  imports: [MikroOrmModule.forFeature([User]), SecurityModule, SessionsModule, MailModule],
  controllers: [MeController],
  providers: [UsersService, FirstAdminService, { provide: APP_INTERCEPTOR, useClass: CurrentAccountInterceptor }],
})
export class UsersModule {}
