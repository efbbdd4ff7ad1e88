import { ApiPropertyOptional } from '@nestjs/swagger';
import { PaginationQuery } from '@platform/service-kit';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** `?page=&limit=&search=`: limit 1..100 (PaginationQuery), search up to 100 characters. */
export class ListUsersQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'Part of the e-mail or display name' })
  @IsOptional()
  @IsString({ message: 'search must be a single string' })
  @MaxLength(100, { message: 'search must be at most 100 characters' })
  search?: string;
}
