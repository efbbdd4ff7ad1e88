import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** The `token` of an e-mailed link (43 characters as issued; checked only loosely, then looked up). */
export function IsEmailedToken(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ description: 'The token from the e-mailed link (?token=)' }),
    IsString({ message: 'token must be a string' }),
    MinLength(1, { message: 'token must not be empty' }),
    MaxLength(200, { message: 'token must be at most 200 characters' }),
  );
}
