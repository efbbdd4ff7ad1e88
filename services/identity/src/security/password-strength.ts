import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '@platform/service-kit';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/** zxcvbn's score of 3: "safely unguessable", ~10^8 guesses and more. */
export const PASSWORD_MIN_SCORE = 3;

/** What a person typed about themselves: a password made of it is easy to guess for whoever knows them. */
export interface PasswordOwner {
  readonly email?: string;
  readonly displayName?: string;
}

function ownerWords(owner: PasswordOwner): string[] {
  const email = owner.email ?? '';
  const name = owner.displayName ?? '';
  const local = email.split('@')[0];
  const words = [email, local, local.replace(/[.+_-]/g, ''), ...email.split(/[@.+_-]/), name, name.replace(/\s+/g, '')];
  return [
    ...new Set([...words, ...name.split(/\s+/)].map((word) => word.toLowerCase()).filter((word) => word.length >= 3)),
  ];
}

/** zxcvbn with its dictionaries, loaded by the first check of a process. */
async function loadZxcvbn(): Promise<ZxcvbnFactory> {
  const [{ ZxcvbnFactory }, common, english] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]);
  return new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
    // A check's cost grows steeply with length and l33t variants (a 256-character random password
    // took seconds with the defaults): the first 64 characters and 4 substitutions keep it well
    // under 0.1 s, and a password whose first 64 characters are weak is refused.
    maxLength: 64,
    l33tMaxSubstitutions: 4,
  });
}

/**
 * Refuses common and trivial passwords with zxcvbn-ts (common passwords, English words and names,
 * keyboard patterns, repeats, sequences, dates, l33t), the owner's own e-mail and name counted as
 * known words. The dictionaries cost about a quarter of a second of CPU and tens of MiB: they load
 * with the first password chosen in a process, not at start, since most replicas only sign people
 * in (bench/README.md, start-up levers).
 */
@Injectable()
export class PasswordStrength {
  private zxcvbn?: Promise<ZxcvbnFactory>;

  /** Why the password is too easy to guess, as advice for the person choosing it; undefined when it is fine. */
  async weakness(password: string, owner: PasswordOwner = {}): Promise<string | undefined> {
    this.zxcvbn ??= loadZxcvbn();
    const { score, feedback } = (await this.zxcvbn).check(password, ownerWords(owner));
    if (score >= PASSWORD_MIN_SCORE) return undefined;
    const advice = [feedback.warning, ...feedback.suggestions].filter((line): line is string => !!line);
    if (advice.length === 0) advice.push('Add more words that are less common.');
    return `password is too easy to guess: ${advice.join(' ')}`;
  }

  /** The same as a 400 naming the field (`password`, `newPassword`). */
  async assertStrong(password: string, owner: PasswordOwner, field = 'password'): Promise<void> {
    const weakness = await this.weakness(password, owner);
    if (weakness) throw new InvalidInputError(weakness.replace(/^password/, field));
  }
}
