import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength } from 'class-validator';

/** RFC 5321's limit on a forward path. */
export const EMAIL_MAX_LENGTH = 254;

/** E-mail addresses are unique regardless of case and surrounding spaces. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Trims surrounding spaces from strings and leaves other values for validation to name. */
export const trimString = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** An e-mail address field of a request body: trimmed, then validated. */
export function IsEmailAddress(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ example: 'ada@example.com', maxLength: EMAIL_MAX_LENGTH }),
    Transform(trimString),
    IsString({ message: 'email must be a string' }),
    MaxLength(EMAIL_MAX_LENGTH, { message: `email must be at most ${EMAIL_MAX_LENGTH} characters` }),
    IsEmail({}, { message: 'email must be an e-mail address' }),
  );
}
