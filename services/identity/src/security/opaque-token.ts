import { createHash, randomBytes } from 'node:crypto';

/** A random, URL-safe secret handed to a client once (refresh, verification and reset tokens). */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this digest is stored, so a database leak yields no usable token. */
export function digestToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
