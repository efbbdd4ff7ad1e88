import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@platform/contracts';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** A password being chosen (sign-up, change, reset): 10 to 256 characters; its strength is PasswordStrength's. */
export function IsNewPassword(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, format: 'password' }),
    IsString({ message: ({ property }) => `${property} must be a string` }),
    MinLength(PASSWORD_MIN_LENGTH, {
      message: ({ property }) => `${property} must be at least ${PASSWORD_MIN_LENGTH} characters`,
    }),
    MaxLength(PASSWORD_MAX_LENGTH, {
      message: ({ property }) => `${property} must be at most ${PASSWORD_MAX_LENGTH} characters`,
    }),
  );
}

/** A password being checked (sign-in, current password): any non-empty string up to the cap. */
export function IsPasswordAttempt(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ format: 'password' }),
    IsString({ message: ({ property }) => `${property} must be a string` }),
    MinLength(1, { message: ({ property }) => `${property} must not be empty` }),
    MaxLength(PASSWORD_MAX_LENGTH, {
      message: ({ property }) => `${property} must be at most ${PASSWORD_MAX_LENGTH} characters`,
    }),
  );
}
