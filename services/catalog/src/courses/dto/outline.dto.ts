import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  LESSON_TYPES,
  type LessonType,
  QUIZ_DEFAULTS,
  QUIZ_EXPLANATION_MAX_LENGTH,
  QUIZ_MAX_ATTEMPTS_BOUNDS,
  QUIZ_REVIEW_POLICIES,
  type QuizReviewPolicy,
} from '@platform/contracts';
import { HasVisibleText } from '@platform/service-kit';
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
  @HasVisibleText()
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
  @HasVisibleText()
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

  @ApiPropertyOptional({
    type: 'string',
    description: `shown with the question's result when the quiz's review allows; up to ${QUIZ_EXPLANATION_MAX_LENGTH} characters`,
    nullable: true,
  })
  @IsOptional()
  @IsString({ message: 'explanation must be a string' })
  @NoNulCharacter()
  @MaxLength(QUIZ_EXPLANATION_MAX_LENGTH, {
    message: `explanation must be at most ${QUIZ_EXPLANATION_MAX_LENGTH} characters`,
  })
  explanation?: string | null;
}

class QuizFieldsDto {
  @ApiPropertyOptional({ description: 'quiz: score needed to pass, 0-100' })
  @ValidateIf((dto: { type?: string; passPercent?: unknown }) => dto.type === 'quiz' || dto.passPercent !== undefined)
  @IsInt({ message: 'passPercent must be a whole number' })
  @Min(0)
  @Max(100)
  passPercent?: number;

  @ApiPropertyOptional({
    description: `quiz: attempts allowed per learner, ${QUIZ_MAX_ATTEMPTS_BOUNDS.min}-${QUIZ_MAX_ATTEMPTS_BOUNDS.max} (default ${QUIZ_DEFAULTS.maxAttempts})`,
  })
  @OmittableNotNull()
  @IsInt({ message: 'maxAttempts must be a whole number' })
  @Min(QUIZ_MAX_ATTEMPTS_BOUNDS.min, { message: `maxAttempts must be at least ${QUIZ_MAX_ATTEMPTS_BOUNDS.min}` })
  @Max(QUIZ_MAX_ATTEMPTS_BOUNDS.max, { message: `maxAttempts must be at most ${QUIZ_MAX_ATTEMPTS_BOUNDS.max}` })
  maxAttempts?: number;

  @ApiPropertyOptional({
    description: `quiz: when learners see per-question results (default ${QUIZ_DEFAULTS.review})`,
    enum: QUIZ_REVIEW_POLICIES,
  })
  @OmittableNotNull()
  @IsIn(QUIZ_REVIEW_POLICIES, { message: `review must be one of ${QUIZ_REVIEW_POLICIES.join(', ')}` })
  review?: QuizReviewPolicy;

  @ApiPropertyOptional({ description: 'quiz: may a learner take the quiz again after passing it (default false)' })
  @OmittableNotNull()
  @IsBoolean({ message: 'allowRetakeAfterPass must be true or false' })
  allowRetakeAfterPass?: boolean;

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
  @HasVisibleText()
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

  @ApiPropertyOptional({ type: String, description: 'video: WebVTT captions, a media id of purpose lesson-captions' })
  @IsOptional()
  @IsUUID('all', { message: 'captionsMediaId must be a uuid' })
  captionsMediaId?: string | null;
}

export class UpdateLessonDto extends QuizFieldsDto {
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
  @IsString({ message: 'content must be a string' })
  @NoNulCharacter()
  @MaxLength(100_000)
  content?: string;

  @ApiPropertyOptional()
  @OmittableNotNull()
  @IsUUID('all', { message: 'mediaId must be a uuid' })
  mediaId?: string;

  @ApiPropertyOptional({
    type: String,
    description: 'video: WebVTT captions (media id), null to remove them',
    nullable: true,
  })
  @IsOptional()
  @IsUUID('all', { message: 'captionsMediaId must be a uuid or null' })
  captionsMediaId?: string | null;

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
