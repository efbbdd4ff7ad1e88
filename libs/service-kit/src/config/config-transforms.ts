import { Transform } from 'class-transformer';

/** `"true"`/`"1"`/`"yes"` → true, `"false"`/`"0"`/`"no"` → false; anything else stays a string so validation names it. */
export const BooleanFromEnv = (): PropertyDecorator =>
  Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const normalised = value.trim().toLowerCase();
    if (['true', '1', 'yes'].includes(normalised)) return true;
    if (['false', '0', 'no'].includes(normalised)) return false;
    return value;
  });

/** Numeric strings become numbers; other strings stay strings so validation names them. */
export const NumberFromEnv = (): PropertyDecorator =>
  Transform(({ value }) =>
    typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value,
  );

/** Comma-separated list → trimmed, non-empty entries. */
export const ListFromEnv = (): PropertyDecorator =>
  Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry.length > 0)
      : value,
  );
