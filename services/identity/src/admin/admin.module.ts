import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { MailModule } from '../mail/mail.module';
import { RegistrationModule } from '../registration/registration.module';
import { User } from '../users/user.entity';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';

/** Admin-only account management: the user list, role assignment, disabling, verification mails. */
@Module({
  imports: [MikroOrmModule.forFeature([User]), MailModule, SessionsModule, RegistrationModule],
  controllers: [AdminUsersController],
  providers: [AdminUsersService],
})
export class AdminModule {}
