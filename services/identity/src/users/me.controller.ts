import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnswer } from '@platform/service-kit';
import { type AuthenticatedUser, CurrentUser } from '@platform/auth';
import { CurrentSessionId } from '../sessions/current-session.decorator';
import { ChangePasswordDto } from './dto/change-password.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { type UserView, UserViewSchema } from './user.view';
import { UsersService } from './users.service';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Your own account' })
  @ApiAnswer(UserViewSchema, 'The signed-in account')
  me(@CurrentUser() caller: AuthenticatedUser): Promise<UserView> {
    return this.users.get(caller.id);
  }

  @Patch()
  @ApiOperation({ summary: 'Change your display name (the only editable field)' })
  @ApiAnswer(UserViewSchema, 'The account with its new name')
  update(@CurrentUser() caller: AuthenticatedUser, @Body() dto: UpdateProfileDto): Promise<UserView> {
    return this.users.updateProfile(caller.id, dto);
  }

  @Post('password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your password (403 if the current one is wrong); signs your other sessions out' })
  changePassword(
    @CurrentUser() caller: AuthenticatedUser,
    @CurrentSessionId() sessionId: string | undefined,
    @Body() dto: ChangePasswordDto,
  ): Promise<void> {
    return this.users.changePassword(caller.id, dto.currentPassword, dto.newPassword, sessionId);
  }
}
