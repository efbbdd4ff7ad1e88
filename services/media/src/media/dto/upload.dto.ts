import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IMAGE_VARIANTS, type ImageVariantName, type MediaPurpose } from '@platform/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MEDIA_PURPOSES } from '../upload-policy';

const VARIANT_NAMES = Object.keys(IMAGE_VARIANTS) as ImageVariantName[];

export class RequestUploadDto {
  @ApiProperty({ description: 'Shown back only; never used as a storage path' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  filename!: string;

  @ApiProperty({ example: 'image/png' })
  @IsString()
  @MaxLength(100)
  contentType!: string;

  @ApiProperty({ description: 'Bytes; checked against the stored object on complete' })
  @IsInt({ message: 'size must be a whole number of bytes' })
  @Min(1, { message: 'size must be at least 1 byte' })
  @Max(Number.MAX_SAFE_INTEGER)
  size!: number;

  @ApiProperty({ enum: MEDIA_PURPOSES })
  @IsIn(MEDIA_PURPOSES, { message: `purpose must be one of ${MEDIA_PURPOSES.join(', ')}` })
  purpose!: MediaPurpose;
}

export class CompletedPartDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(10_000)
  partNumber!: number;

  @ApiProperty({ description: 'The ETag header S3 answered to the part upload' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  etag!: string;
}

export class CompleteUploadDto {
  @ApiPropertyOptional({ type: [CompletedPartDto], description: 'Multipart uploads only' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => CompletedPartDto)
  parts?: CompletedPartDto[];
}

export class FileQuery {
  @ApiPropertyOptional({ enum: VARIANT_NAMES })
  @IsOptional()
  @IsIn(VARIANT_NAMES, { message: `variant must be one of ${VARIANT_NAMES.join(', ')}` })
  variant?: ImageVariantName;
}
