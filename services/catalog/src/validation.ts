import { Matches, ValidateIf } from 'class-validator';

/**
 * The field may be left out, but not sent as null: class-validator's IsOptional lets null through,
 * and a null title or description would reach a NOT NULL column (a 500 instead of a 400).
 */
export const OmittableNotNull = (): PropertyDecorator => ValidateIf((_, value: unknown) => value !== undefined);

/** PostgreSQL text and jsonb cannot hold U+0000: refused as bad input rather than failing in the database. */
export const NoNulCharacter = (): PropertyDecorator =>
  Matches(/^[^\u0000]*$/, { message: '$property must not contain NUL characters' });
