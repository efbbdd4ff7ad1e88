import { buildMessage, ValidateBy } from 'class-validator';

/**
 * Characters that show nothing: white space, controls, format characters (zero-width spaces and
 * joiners, bidi controls, the soft hyphen) and the fillers that render blank (Hangul fillers, the
 * blank Braille pattern).
 */
const INVISIBLE = String.raw`\s\p{Cc}\p{Cf}\p{Z}\u115F\u1160\u3164\uFFA0\u2800`;
const VISIBLE = new RegExp(`[^${INVISIBLE}]`, 'u');

/** True when the text has at least one character a reader can see. */
export function hasVisibleText(value: string): boolean {
  return VISIBLE.test(value);
}

/** A name, title or message must show something: one made only of invisible characters would read as blank. */
export const HasVisibleText = (): PropertyDecorator =>
  ValidateBy({
    name: 'hasVisibleText',
    validator: {
      // An empty string or a non-string is for MinLength or IsString to name, not twice.
      validate: (value: unknown) => typeof value !== 'string' || value === '' || hasVisibleText(value),
      defaultMessage: buildMessage((each) => `${each}$property must contain a visible character`),
    },
  });
