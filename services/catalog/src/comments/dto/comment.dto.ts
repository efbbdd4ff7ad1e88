import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HasVisibleText } from '@platform/service-kit';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { NoNulCharacter } from '../../validation';

export const COMMENT_MAX_LENGTH = 2000;

export class EditCommentDto {
  @ApiProperty({ maxLength: COMMENT_MAX_LENGTH })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @NoNulCharacter()
  @MinLength(1, { message: 'body must not be empty' })
  @HasVisibleText()
  @MaxLength(COMMENT_MAX_LENGTH, { message: `body must be at most ${COMMENT_MAX_LENGTH} characters` })
  body!: string;
}

export class CreateCommentDto extends EditCommentDto {
  @ApiPropertyOptional({ description: 'The top-level comment of the same lesson this one answers' })
  @IsOptional()
  @IsUUID('all', { message: 'parentId must be a uuid' })
  parentId?: string;
}
