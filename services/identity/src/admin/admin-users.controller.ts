import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@platform/auth';
import { InvalidInputError } from '@platform/service-kit';
import type { UserView } from '../users/user.entity';
import { type UserPage, AdminUsersService } from './admin-users.service';
import { ListUsersQuery } from './dto/list-users.query';
import { SetRolesDto } from './dto/set-roles.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  @ApiOperation({ summary: 'List accounts, paginated, optionally filtered by part of e-mail or name' })
  list(@Query() query: ListUsersQuery): Promise<UserPage> {
    return this.users.list(query.page, query.limit, query.search);
  }

  @Put(':id/roles')
  @ApiOperation({ summary: "Replace a user's roles (an admin cannot drop their own admin role: 409)" })
  setRoles(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new InvalidInputError('id must be a UUID') })) id: string,
    @Body() dto: SetRolesDto,
  ): Promise<UserView> {
    return this.users.setRoles(caller.id, id, dto.roles);
  }
}
