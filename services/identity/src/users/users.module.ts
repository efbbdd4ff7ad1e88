import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { MailModule } from '../mail/mail.module';
import { SecurityModule } from '../security/security.module';
import { FirstAdminService } from './first-admin.service';
import { MeController } from './me.controller';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** The account itself: /me, and the first admin created at start. */
@Module({
  imports: [MikroOrmModule.forFeature([User]), SecurityModule, SessionsModule, MailModule],
  controllers: [MeController],
  providers: [UsersService, FirstAdminService],
})
export class UsersModule {}
