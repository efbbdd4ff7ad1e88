import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@platform/auth';
import { ApiAnswer, ApiErrors, InvalidInputError } from '@platform/service-kit';
import { SentSchema } from '../security/accepted.view';
import { type UserView, UserPageSchema, UserViewSchema } from '../users/user.view';
import { type UserPage, AdminUsersService } from './admin-users.service';
import { ListUsersQuery } from './dto/list-users.query';
import { SetDisabledDto } from './dto/set-disabled.dto';
import { SetRolesDto } from './dto/set-roles.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  @ApiOperation({ summary: 'List accounts, paginated, optionally filtered by part of e-mail or name' })
  @ApiAnswer(UserPageSchema, 'A page of accounts, newest first')
  list(@Query() query: ListUsersQuery): Promise<UserPage> {
    return this.users.list(query.page, query.limit, query.search);
  }

  @Put(':id/disabled')
  @ApiOperation({
    summary:
      'Disable ({ disabled: true }) or enable an account: a disabled one cannot sign in and its refresh tokens are revoked at once; its access tokens end with their short life',
  })
  @ApiAnswer(UserViewSchema, 'The account as it is now')
  @ApiErrors(409)
  setDisabled(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new InvalidInputError('id must be a UUID') })) id: string,
    @Body() dto: SetDisabledDto,
  ): Promise<UserView> {
    return this.users.setDisabled(caller.id, id, dto.disabled);
  }

  @Post(':id/verification-mail')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send the account a new verification mail (409 once its address is confirmed)' })
  @ApiAnswer(SentSchema, 'The mail went out')
  @ApiErrors(409)
  async resendVerification(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new InvalidInputError('id must be a UUID') })) id: string,
  ): Promise<{ status: 'sent' }> {
    await this.users.resendVerification(id);
    return { status: 'sent' };
  }

  @Put(':id/roles')
  @ApiOperation({ summary: "Replace a user's roles (an admin cannot drop their own admin role: 409)" })
  @ApiAnswer(UserViewSchema, 'The account with its new roles')
  @ApiErrors(409)
  setRoles(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new InvalidInputError('id must be a UUID') })) id: string,
    @Body() dto: SetRolesDto,
  ): Promise<UserView> {
    return this.users.setRoles(caller.id, id, dto.roles);
  }
}
