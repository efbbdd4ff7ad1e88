import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { SessionsModule } from '../auth/sessions.module';
import { SecurityModule } from '../security/security.module';
import { FirstAdminService } from './first-admin.service';
import { MeController } from './me.controller';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [MikroOrmModule.forFeature([User]), SecurityModule, SessionsModule],
  controllers: [MeController, UsersController],
  providers: [UsersService, FirstAdminService],
})
export class UsersModule {}
