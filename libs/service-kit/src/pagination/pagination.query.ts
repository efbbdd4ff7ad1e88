import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * Deepest page a list serves: `page` is bounded like `limit`, or `?page=5e17` (a whole number to
 * JavaScript) makes an OFFSET past PostgreSQL's bigint and a 500. 10,000 pages of 100 is a million
 * rows: past that a client searches rather than pages.
 */
export const MAX_PAGE = 10_000;

/** `?page=&limit=` of every list; both bounded, so no client can ask for the whole table or overflow the offset. */
export class PaginationQuery {
  @ApiPropertyOptional({ type: 'integer', default: 1, minimum: 1, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1, { message: 'page must be at least 1' })
  @Max(MAX_PAGE, { message: `page must not be greater than ${MAX_PAGE}` })
  page = 1;

  @ApiPropertyOptional({ type: 'integer', default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(100, { message: 'limit must not be greater than 100' })
  limit = 20;

  get offset(): number {
    return (this.page - 1) * this.limit;
  }
}

/** The shape of every paginated answer (DESIGN.md). */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}
