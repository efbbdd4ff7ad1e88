import { ApiPropertyOptional } from '@nestjs/swagger';
import { PaginationQuery } from '@platform/service-kit';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class ListUsersQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'Part of the e-mail or display name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}
