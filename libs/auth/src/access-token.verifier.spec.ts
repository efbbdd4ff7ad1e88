import { randomUUID } from 'node:crypto';
import { DependencyUnavailableError, UnauthenticatedError } from '@platform/service-kit';
import { errors, generateKeyPair, type JWTVerifyGetKey, type KeyLike, SignJWT } from 'jose';
import { AccessTokenVerifier } from './access-token.verifier';
import type { AuthOptions } from './auth.options';

const issuer = 'https://identity.test';
const audience = 'platform-test';

async function keyPair(): Promise<{ publicKey: KeyLike; privateKey: KeyLike }> {
  return generateKeyPair('EdDSA', { crv: 'Ed25519' });
}

function sign(
  privateKey: KeyLike,
  kid: string,
  claims: { sub?: string; iss?: string; aud?: string; iat?: number; exp?: number; roles?: unknown } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const iat = claims.iat ?? now;
  return new SignJWT({ roles: claims.roles ?? ['learner'], email: 'a@example.test', name: 'Ada' })
    .setProtectedHeader({ alg: 'EdDSA', kid })
    .setSubject(claims.sub ?? randomUUID())
    .setIssuer(claims.iss ?? issuer)
    .setAudience(claims.aud ?? audience)
    .setIssuedAt(iat)
    .setExpirationTime(claims.exp ?? iat + 600)
    .sign(privateKey);
}

/** A key resolver whose current keys (by kid) the test can swap, like a refetched JWKS. */
function keyRing(initial: Record<string, KeyLike>): { resolver: JWTVerifyGetKey; keys: Record<string, KeyLike> } {
  const ring = { keys: { ...initial } };
  const resolver: JWTVerifyGetKey = async (header) => {
    const key = header.kid ? ring.keys[header.kid] : undefined;
    if (!key) throw new errors.JWKSNoMatchingKey();
    return key;
  };
  return { resolver, keys: ring.keys };
}

function verifier(keys: JWTVerifyGetKey, extra: Partial<AuthOptions> = {}): AccessTokenVerifier {
  return new AccessTokenVerifier({ keys, issuer, audience, ...extra });
}

/** The signature part replaced by another valid-looking one. */
function tamperSignature(token: string): string {
  const [header, payload, signature] = token.split('.');
  const flipped = signature[0] === 'A' ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
  return `${header}.${payload}.${flipped}`;
}

describe('AccessTokenVerifier: what a validly signed token may claim', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const invalid = new UnauthenticatedError('Invalid access token');

  it('refuses a lifetime (exp - iat) longer than the most identity issues, however it was signed', async () => {
    const { publicKey, privateKey } = await keyPair();
    const subject = verifier(keyRing({ k1: publicKey }).resolver);
    const tenYears = await sign(privateKey, 'k1', { exp: now() + 10 * 365 * 86_400 });
    await expect(subject.verify(tenYears)).rejects.toThrow(invalid);
    const justOver = await sign(privateKey, 'k1', { exp: now() + 901 });
    await expect(subject.verify(justOver)).rejects.toThrow(invalid);
    const theMost = await sign(privateKey, 'k1', { exp: now() + 900 });
    await expect(subject.verify(theMost)).resolves.toMatchObject({ roles: ['learner'] });
    // The bound is an option: a service may be stricter.
    const strict = verifier(keyRing({ k1: publicKey }).resolver, { maxLifetimeSeconds: 300 });
    await expect(strict.verify(await sign(privateKey, 'k1', { exp: now() + 600 }))).rejects.toThrow(invalid);
  });

  it('refuses an iat in the future beyond a small clock tolerance', async () => {
    const { publicKey, privateKey } = await keyPair();
    const subject = verifier(keyRing({ k1: publicKey }).resolver);
    const issuedLater = await sign(privateKey, 'k1', { iat: now() + 3600 });
    await expect(subject.verify(issuedLater)).rejects.toThrow(invalid);
    const aMinuteAhead = await sign(privateKey, 'k1', { iat: now() + 60 });
    await expect(subject.verify(aMinuteAhead)).rejects.toThrow(invalid);
    // identity's clock a few seconds ahead of ours is forgiven.
    const slightlyAhead = await sign(privateKey, 'k1', { iat: now() + 5 });
    await expect(subject.verify(slightlyAhead)).resolves.toMatchObject({ roles: ['learner'] });
  });

  it('refuses a subject that is not a user id (UUID) with a 401, not a database error', async () => {
    const { publicKey, privateKey } = await keyPair();
    const subject = verifier(keyRing({ k1: publicKey }).resolver);
    for (const sub of ['user-1', "1' or '1'='1", '', 'ffffffff-ffff-ffff-ffff-ffffffffffffx']) {
      await expect(subject.verify(await sign(privateKey, 'k1', { sub }))).rejects.toThrow(UnauthenticatedError);
    }
  });
});

describe('AccessTokenVerifier and its cache of verified tokens', () => {
  afterEach(() => jest.useRealTimers());

  it('answers a token seen before from the cache: the same frozen user, without verifying again', async () => {
    const { publicKey, privateKey } = await keyPair();
    const ring = keyRing({ k1: publicKey });
    const subject = verifier(ring.resolver);
    const id = randomUUID();
    const token = await sign(privateKey, 'k1', { sub: id, roles: ['learner', 'nonsense'] });
    const first = await subject.verify(token);
    expect(first).toEqual({ id, email: 'a@example.test', displayName: 'Ada', roles: ['learner'] });
    expect(Object.isFrozen(first) && Object.isFrozen(first.roles)).toBe(true);
    const second = await subject.verify(token);
    expect(second).toBe(first);
  });

  it('never caches a token with a bad signature, even once the genuine token is cached', async () => {
    const { publicKey, privateKey } = await keyPair();
    const subject = verifier(keyRing({ k1: publicKey }).resolver);
    const token = await sign(privateKey, 'k1');
    const forged = tamperSignature(token);
    await expect(subject.verify(forged)).rejects.toThrow(new UnauthenticatedError('Invalid access token'));
    await subject.verify(token);
    await expect(subject.verify(forged)).rejects.toThrow(UnauthenticatedError);
    await expect(subject.verify(forged)).rejects.toThrow(UnauthenticatedError);
    // A token signed by a key of the same kid that is not the published one.
    const impostor = await sign((await keyPair()).privateKey, 'k1');
    await expect(subject.verify(impostor)).rejects.toThrow(UnauthenticatedError);
    await expect(subject.verify(impostor)).rejects.toThrow(UnauthenticatedError);
  });

  it('still checks issuer and audience on first sight, and caches no refusal', async () => {
    const { publicKey, privateKey } = await keyPair();
    const subject = verifier(keyRing({ k1: publicKey }).resolver);
    const otherIssuer = await sign(privateKey, 'k1', { iss: 'https://elsewhere.test' });
    const otherAudience = await sign(privateKey, 'k1', { aud: 'another-api' });
    for (const token of [otherIssuer, otherAudience, otherIssuer, otherAudience]) {
      await expect(subject.verify(token)).rejects.toThrow(new UnauthenticatedError('Invalid access token'));
    }
  });

  it('refuses a cached token from its exp on, as a full verification does', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const start = Date.UTC(2026, 11, 1, 12, 0, 0);
    jest.setSystemTime(start);
    const { publicKey, privateKey } = await keyPair();
    const subject = verifier(keyRing({ k1: publicKey }).resolver, {
      verifiedTokenCache: { capacity: 10, maxAgeMs: 3_600_000 },
    });
    const token = await sign(privateKey, 'k1', { exp: start / 1000 + 30 });
    const user = await subject.verify(token);
    jest.setSystemTime(start + 29_999);
    await expect(subject.verify(token)).resolves.toBe(user);
    jest.setSystemTime(start + 30_000);
    await expect(subject.verify(token)).rejects.toThrow(new UnauthenticatedError('Access token expired'));
  });

  it('verifies again after the max age, with the keys of that moment', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const start = Date.UTC(2026, 11, 1, 12, 0, 0);
    jest.setSystemTime(start);
    const { publicKey, privateKey } = await keyPair();
    const subject = verifier(keyRing({ k1: publicKey }).resolver, {
      verifiedTokenCache: { capacity: 10, maxAgeMs: 1_000 },
    });
    const token = await sign(privateKey, 'k1');
    const user = await subject.verify(token);
    jest.setSystemTime(start + 1_000);
    const again = await subject.verify(token);
    expect(again).not.toBe(user); // verified anew
    expect(again).toEqual(user);
  });

  it('drops a cached token the moment its key leaves the key set (rotation, revocation)', async () => {
    const { publicKey, privateKey } = await keyPair();
    const ring = keyRing({ k1: publicKey });
    const subject = verifier(ring.resolver);
    const token = await sign(privateKey, 'k1');
    await subject.verify(token);
    const next = await keyPair();
    ring.keys.k2 = next.publicKey;
    delete ring.keys.k1; // identity's JWKS no longer publishes k1, and this process has refetched it
    await expect(subject.verify(token)).rejects.toThrow(new UnauthenticatedError('Invalid access token'));
    // Tokens of the new key are verified and cached as usual.
    const fresh = await sign(next.privateKey, 'k2');
    const user = await subject.verify(fresh);
    await expect(subject.verify(fresh)).resolves.toBe(user);
  });

  it('drops a cached token when its kid is answered with another key', async () => {
    const { publicKey, privateKey } = await keyPair();
    const ring = keyRing({ k1: publicKey });
    const subject = verifier(ring.resolver);
    const token = await sign(privateKey, 'k1');
    await subject.verify(token);
    ring.keys.k1 = (await keyPair()).publicKey; // same kid, another key: the old signature no longer holds
    await expect(subject.verify(token)).rejects.toThrow(UnauthenticatedError);
  });

  it('verifies in full when the key resolver fails, and passes on what is not a token problem', async () => {
    const { publicKey, privateKey } = await keyPair();
    const resolver: { failure?: Error } = {};
    const subject = verifier(async () => {
      if (resolver.failure) throw resolver.failure;
      return publicKey;
    });
    const token = await sign(privateKey, 'k1');
    await subject.verify(token);
    resolver.failure = new Error('JWKS endpoint unreachable');
    await expect(subject.verify(token)).rejects.toThrow('JWKS endpoint unreachable');
  });

  it('is bounded', async () => {
    const { publicKey, privateKey } = await keyPair();
    const subject = verifier(keyRing({ k1: publicKey }).resolver, {
      verifiedTokenCache: { capacity: 2, maxAgeMs: 60_000 },
    });
    const tokens = await Promise.all([1, 2, 3].map(() => sign(privateKey, 'k1')));
    const users = [];
    for (const token of tokens) users.push(await subject.verify(token));
    expect(await subject.verify(tokens[2])).toBe(users[2]);
    expect(await subject.verify(tokens[1])).toBe(users[1]);
    const first = await subject.verify(tokens[0]); // evicted: verified anew
    expect(first).not.toBe(users[0]);
    expect(first).toEqual(users[0]);
  });

  it('can be switched off', async () => {
    const { publicKey, privateKey } = await keyPair();
    const subject = verifier(keyRing({ k1: publicKey }).resolver, { verifiedTokenCache: false });
    const token = await sign(privateKey, 'k1');
    expect(await subject.verify(token)).not.toBe(await subject.verify(token));
  });
});

describe('AccessTokenVerifier: identity unreachable', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3001'), { code: 'ECONNREFUSED' })],
    ['a fetch failure', Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })],
    ['a JWKS timeout', new errors.JWKSTimeout()],
  ])('answers %s fetching the keys with 503, not 500 or 401', async (_case, failure) => {
    const { privateKey } = await keyPair();
    const token = await sign(privateKey, 'k1');
    const unreachable: JWTVerifyGetKey = async () => {
      throw failure;
    };
    await expect(verifier(unreachable).verify(token)).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
