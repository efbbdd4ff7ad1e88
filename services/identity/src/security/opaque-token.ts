import { createHash, randomBytes } from 'node:crypto';

/** A random, URL-safe secret (32 bytes, base64url) handed to a client once: refresh, verification, reset. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this digest (SHA-256, hex) is stored, so a database leak yields no usable token. */
export function digestToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
