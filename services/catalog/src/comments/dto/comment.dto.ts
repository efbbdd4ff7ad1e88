import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { NoNulCharacter } from '../../validation';

export const COMMENT_MAX_LENGTH = 2000;

export class CreateCommentDto {
  @ApiProperty({ maxLength: COMMENT_MAX_LENGTH })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @NoNulCharacter()
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(COMMENT_MAX_LENGTH, { message: `body must be at most ${COMMENT_MAX_LENGTH} characters` })
  body!: string;
}
