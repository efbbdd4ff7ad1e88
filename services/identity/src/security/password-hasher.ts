import { Injectable } from '@nestjs/common';
import { argon2id, hash, verify } from 'argon2';

/** OWASP's argon2id baseline: 19 MiB memory, 2 iterations, 1 lane. */
const ARGON2_OPTIONS = { type: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  /** Verified against when the account does not exist, so unknown and known e-mails cost the same work. */
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(password, ARGON2_OPTIONS);
  }

  /** False for a wrong password, and (after the same hashing work) when there is no hash to check. */
  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    this.dummyHash ??= hash('timing-equaliser-not-a-password', ARGON2_OPTIONS);
    const against = passwordHash ?? (await this.dummyHash);
    try {
      const matches = await verify(against, password);
      return matches && passwordHash !== undefined;
    } catch {
      return false;
    }
  }
}
