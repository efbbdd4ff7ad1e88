import { applyDecorators } from '@nestjs/common';
import { HasVisibleText } from '@platform/service-kit';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { trimString } from './email-address';

export const DISPLAY_NAME_MAX_LENGTH = 100;

/** A display name: trimmed, then 1 to 100 characters, some of them visible. */
export function IsDisplayName(): PropertyDecorator {
  return applyDecorators(
    Transform(trimString),
    IsString({ message: 'displayName must be a string' }),
    MinLength(1, { message: 'displayName must not be empty' }),
    HasVisibleText(),
    MaxLength(DISPLAY_NAME_MAX_LENGTH, {
      message: `displayName must be at most ${DISPLAY_NAME_MAX_LENGTH} characters`,
    }),
  );
}
