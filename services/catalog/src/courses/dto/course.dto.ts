import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HasVisibleText, PaginationQuery } from '@platform/service-kit';
import { Transform } from 'class-transformer';
import { COURSE_CATEGORY_IDS, COURSE_SORTS, type CourseCategory, type CourseSort } from '@platform/contracts';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { NoNulCharacter, OmittableNotNull } from '../../validation';
import { COURSE_STATUSES, type CourseStatus } from '../course.entity';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateCourseDto {
  @ApiProperty({ example: 'Kubernetes for developers' })
  @Transform(trim)
  @IsString()
  @NoNulCharacter()
  @MinLength(1, { message: 'title must not be empty' })
  @HasVisibleText()
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional()
  @OmittableNotNull()
  @IsString()
  @NoNulCharacter()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ enum: COURSE_CATEGORY_IDS })
  @OmittableNotNull()
  @IsIn(COURSE_CATEGORY_IDS, { message: `category must be one of ${COURSE_CATEGORY_IDS.join(', ')}` })
  category?: CourseCategory;
}

export class UpdateCourseDto {
  @ApiPropertyOptional()
  @OmittableNotNull()
  @Transform(trim)
  @IsString()
  @NoNulCharacter()
  @MinLength(1, { message: 'title must not be empty' })
  @HasVisibleText()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional()
  @OmittableNotNull()
  @IsString()
  @NoNulCharacter()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ enum: COURSE_CATEGORY_IDS, nullable: true, description: 'null removes the category' })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsIn(COURSE_CATEGORY_IDS, { message: `category must be one of ${COURSE_CATEGORY_IDS.join(', ')} or null` })
  category?: CourseCategory | null;
}

export class SetCoverDto {
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    nullable: true,
    description: 'A media id from the media service; null removes the cover',
  })
  @ValidateIf((_, value) => value !== null)
  @IsUUID('all', { message: 'mediaId must be a uuid or null' })
  mediaId!: string | null;
}

export class ListCoursesQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'Words searched in title and description' })
  @IsOptional()
  @IsString()
  @NoNulCharacter()
  @MaxLength(200)
  search?: string;

  @ApiPropertyOptional({ enum: COURSE_CATEGORY_IDS, description: 'Only courses of this category' })
  @IsOptional()
  @IsIn(COURSE_CATEGORY_IDS, { message: `category must be one of ${COURSE_CATEGORY_IDS.join(', ')}` })
  category?: CourseCategory;

  @ApiPropertyOptional({
    enum: COURSE_SORTS,
    description: 'relevance (the default with a search), newest (the default without), title',
  })
  @IsOptional()
  @IsIn(COURSE_SORTS, { message: `sort must be one of ${COURSE_SORTS.join(', ')}` })
  sort?: CourseSort;

  @ApiPropertyOptional({ enum: COURSE_STATUSES, description: 'Only courses in this status (with mine or all)' })
  @IsOptional()
  @IsIn(COURSE_STATUSES, { message: `status must be one of ${COURSE_STATUSES.join(', ')}` })
  status?: CourseStatus;

  @ApiPropertyOptional({ description: 'Every course of every status (admins only)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'all must be true or false' })
  all?: boolean;

  @ApiPropertyOptional({ description: "Only the caller's own courses, drafts included (instructors)" })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'mine must be true or false' })
  mine?: boolean;
}
