import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LESSON_TYPES, type LessonType } from '@platform/contracts';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { NoNulCharacter, OmittableNotNull } from '../../validation';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateSectionDto {
  @ApiProperty()
  @Transform(trim)
  @IsString()
  @NoNulCharacter()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title!: string;
}

export class UpdateSectionDto {
  @ApiPropertyOptional()
  @OmittableNotNull()
  @Transform(trim)
  @IsString()
  @NoNulCharacter()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ description: '1-based position among the course’s sections' })
  @OmittableNotNull()
  @IsInt({ message: 'position must be a whole number' })
  @Min(1)
  position?: number;
}

export class ChoiceDto {
  @ApiProperty()
  @IsString()
  @NoNulCharacter()
  @MinLength(1, { message: 'choice text must not be empty' })
  @MaxLength(500)
  text!: string;

  @ApiProperty()
  @IsBoolean({ message: 'correct must be true or false' })
  correct!: boolean;
}

export class QuestionDto {
  @ApiProperty()
  @IsString()
  @NoNulCharacter()
  @MinLength(1, { message: 'prompt must not be empty' })
  @MaxLength(1000)
  prompt!: string;

  @ApiProperty({ type: [ChoiceDto] })
  @IsArray()
  @ArrayMinSize(2, { message: 'each question needs at least 2 choices' })
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ChoiceDto)
  choices!: ChoiceDto[];
}

class QuizFieldsDto {
  @ApiPropertyOptional({ description: 'quiz: score needed to pass, 0-100' })
  @ValidateIf((dto: { type?: string; passPercent?: unknown }) => dto.type === 'quiz' || dto.passPercent !== undefined)
  @IsInt({ message: 'passPercent must be a whole number' })
  @Min(0)
  @Max(100)
  passPercent?: number;

  @ApiPropertyOptional({ description: 'quiz: attempts allowed per learner (none = unlimited)', nullable: true })
  @IsOptional()
  @IsInt({ message: 'maxAttempts must be a whole number' })
  @Min(1)
  @Max(100)
  maxAttempts?: number | null;

  @ApiPropertyOptional({ type: [QuestionDto] })
  @ValidateIf((dto: { type?: string; questions?: unknown }) => dto.type === 'quiz' || dto.questions !== undefined)
  @IsArray()
  @ArrayMinSize(1, { message: 'a quiz needs at least 1 question' })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => QuestionDto)
  questions?: QuestionDto[];
}

export class CreateLessonDto extends QuizFieldsDto {
  @ApiProperty({ enum: LESSON_TYPES })
  @IsIn(LESSON_TYPES, { message: `type must be one of ${LESSON_TYPES.join(', ')}` })
  type!: LessonType;

  @ApiProperty()
  @Transform(trim)
  @IsString()
  @NoNulCharacter()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional({ description: 'text: the lesson body' })
  @ValidateIf((dto: CreateLessonDto) => dto.type === 'text' || dto.content !== undefined)
  @IsString({ message: 'content must be a string' })
  @NoNulCharacter()
  @MaxLength(100_000)
  content?: string;

  @ApiPropertyOptional({ description: 'video: a media id from the media service' })
  @ValidateIf((dto: CreateLessonDto) => dto.type === 'video' || dto.mediaId !== undefined)
  @IsUUID('all', { message: 'mediaId must be a uuid' })
  mediaId?: string;
}

export class UpdateLessonDto extends QuizFieldsDto {
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
  @IsString({ message: 'content must be a string' })
  @NoNulCharacter()
  @MaxLength(100_000)
  content?: string;

  @ApiPropertyOptional()
  @OmittableNotNull()
  @IsUUID('all', { message: 'mediaId must be a uuid' })
  mediaId?: string;

  @ApiPropertyOptional({ description: '1-based position within its section' })
  @OmittableNotNull()
  @IsInt({ message: 'position must be a whole number' })
  @Min(1)
  position?: number;

  @ApiPropertyOptional({ description: 'Moves the lesson to another section of its course (at `position`, else last)' })
  @OmittableNotNull()
  @IsUUID('all', { message: 'sectionId must be a uuid' })
  sectionId?: string;
}
