import { generateKeyPairSync } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { InvalidConfigurationError } from './invalid-configuration.error';
import { SigningKeys } from './signing-keys';

const pemOf = (type: 'ed25519' | 'ed448'): string =>
  generateKeyPairSync(type as 'ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();

describe('signing keys', () => {
  const quiet = { warn: jest.fn() };

  it('load a PKCS#8 Ed25519 PEM, also with literal \\n escapes, and name it by its thumbprint', async () => {
    const pem = pemOf('ed25519');
    const keys = await SigningKeys.fromPem(pem, { production: true }).ready();
    const escaped = await SigningKeys.fromPem(pem.replace(/\n/g, '\\n'), { production: true }).ready();
    expect(escaped.kid).toBe(keys.kid);
    expect(keys.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('publish only the public half, with kid, alg and use', async () => {
    const { keys } = await SigningKeys.fromPem(pemOf('ed25519'), { production: true }).jwks();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: expect.any(String),
      kid: expect.any(String),
      alg: 'EdDSA',
      use: 'sig',
    });
  });

  it('generate a process-only key with a warning outside production', async () => {
    const keys = await SigningKeys.fromPem(undefined, { production: false, logger: quiet }).ready();
    expect(keys.publicJwk.crv).toBe('Ed25519');
    expect(quiet.warn).toHaveBeenCalledWith(expect.stringContaining('JWT_PRIVATE_KEY not set'));
  });

  it('refuse to run without a key in production, and refuse unusable keys', async () => {
    await expect(SigningKeys.fromPem(undefined, { production: true }).ready()).rejects.toThrow(
      InvalidConfigurationError,
    );
    await expect(SigningKeys.fromPem('not a pem', { production: false }).ready()).rejects.toThrow(
      'JWT_PRIVATE_KEY must be the PKCS#8 PEM of an Ed25519 private key',
    );
    await expect(SigningKeys.fromPem(pemOf('ed448'), { production: false }).ready()).rejects.toThrow(
      InvalidConfigurationError,
    );
  });

  it('verify tokens of their own key and refuse other kids with a jose error (so the guard answers 401)', async () => {
    const signing = SigningKeys.fromPem(pemOf('ed25519'), { production: true });
    const { privateKey, kid } = await signing.ready();
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'EdDSA', kid }).sign(privateKey);
    await expect(jwtVerify(token, signing.verificationKey)).resolves.toBeDefined();
    const foreign = await new SignJWT({}).setProtectedHeader({ alg: 'EdDSA', kid: 'other' }).sign(privateKey);
    await expect(jwtVerify(foreign, signing.verificationKey)).rejects.toThrow(errors.JWKSNoMatchingKey);
  });
});
