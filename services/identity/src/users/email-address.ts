import { domainToASCII, domainToUnicode } from 'node:url';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, ValidateBy } from 'class-validator';

/** RFC 5321's limit on a forward path. */
export const EMAIL_MAX_LENGTH = 254;

/**
 * The form an address is unique in: NFKC, the local part lower-cased, the domain in IDNA ASCII
 * (punycode, lower case: Node's url.domainToASCII, the WHATWG URL standard's UTS #46 processing).
 * Only addresses that `emailLookAlikeProblem` accepts reach the database, so for them this changes
 * case and the domain's spelling only, never which characters were typed.
 */
export function normaliseEmail(email: string): string {
  const typed = email.trim().normalize('NFKC');
  const at = typed.lastIndexOf('@');
  if (at < 0) return typed.toLowerCase();
  const domain = typed.slice(at + 1);
  return `${typed.slice(0, at).toLowerCase()}@${domainToASCII(domain) || domain.toLowerCase()}`;
}

/** A character whose compatibility form or lower case is another one: U+212A KELVIN SIGN lower-cases to `k`. */
function firstLookAlike(text: string): string | undefined {
  return [...text].find((character) => {
    const lower = character.toLowerCase();
    return (
      character.normalize('NFKC') !== character ||
      lower.normalize('NFKC') !== lower ||
      (character.charCodeAt(0) > 0x7f && /[\u0000-\u007f]/.test(lower))
    );
  });
}

const codePoint = (character: string): string =>
  `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why a typed address is refused although it may look valid: it holds a character that
 * normalisation would turn into another (a look-alike of an address someone else owns, whose mail
 * it would then receive), or a domain that IDNA would spell differently than typed. Undefined when
 * the address means exactly what was typed, up to case.
 */
export function emailLookAlikeProblem(email: string): string | undefined {
  const typed = email.trim();
  const lookAlike = firstLookAlike(typed);
  if (lookAlike) {
    const meant = lookAlike.normalize('NFKC').toLowerCase();
    return `email contains ${codePoint(lookAlike)}, a look-alike of "${meant}": type the address with plain characters`;
  }
  const at = typed.lastIndexOf('@');
  if (at < 0) return undefined;
  const domain = typed.slice(at + 1);
  const ascii = domainToASCII(domain);
  if (!ascii) return 'email has a domain that is not a valid domain name';
  // Each label as typed must be its own ASCII (punycode) or Unicode spelling: IDNA mapped nothing else.
  const typedLabels = domain.toLowerCase().split('.');
  const unicodeLabels = domainToUnicode(ascii).split('.');
  const asciiLabels = ascii.split('.');
  const unchanged =
    typedLabels.length === asciiLabels.length &&
    typedLabels.every((label, i) => label === asciiLabels[i] || label === unicodeLabels[i]);
  return unchanged
    ? undefined
    : `email has a domain that changes when normalised (to ${ascii}): type it as it is spelt`;
}

/** Trims surrounding spaces from strings and leaves other values for validation to name. */
export const trimString = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** The address means what was typed (see emailLookAlikeProblem). */
export function IsPlainEmail(): PropertyDecorator {
  return ValidateBy({
    name: 'isPlainEmail',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || emailLookAlikeProblem(value) === undefined,
      defaultMessage: (args) =>
        (emailLookAlikeProblem(String(args?.value)) ?? 'email must be typed plainly').replace(
          /^email/,
          args?.property ?? 'email',
        ),
    },
  });
}

/** An e-mail address field of a request body: trimmed, then validated, look-alikes refused. */
export function IsEmailAddress(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ example: 'ada@example.com', maxLength: EMAIL_MAX_LENGTH }),
    Transform(trimString),
    IsString({ message: 'email must be a string' }),
    MaxLength(EMAIL_MAX_LENGTH, { message: `email must be at most ${EMAIL_MAX_LENGTH} characters` }),
    IsEmail({}, { message: 'email must be an e-mail address' }),
    IsPlainEmail(),
  );
}
