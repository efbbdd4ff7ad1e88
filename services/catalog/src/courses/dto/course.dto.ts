import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PaginationQuery } from '@platform/service-kit';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { NoNulCharacter, OmittableNotNull } from '../../validation';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateCourseDto {
  @ApiProperty({ example: 'Kubernetes for developers' })
  @Transform(trim)
  @IsString()
  @NoNulCharacter()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional()
  @OmittableNotNull()
  @IsString()
  @NoNulCharacter()
  @MaxLength(5000)
  description?: string;
}

export class UpdateCourseDto {
  @ApiPropertyOptional()
  @OmittableNotNull()
  @Transform(trim)
  @IsString()
  @NoNulCharacter()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional()
  @OmittableNotNull()
  @IsString()
  @NoNulCharacter()
  @MaxLength(5000)
  description?: string;
}

export class SetCoverDto {
  @ApiProperty({ nullable: true, description: 'A media id from the media service; null removes the cover' })
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

  @ApiPropertyOptional({ description: "Only the caller's own courses, drafts included (instructors)" })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'mine must be true or false' })
  mine?: boolean;
}
