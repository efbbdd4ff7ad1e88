import { ConfigValidationError, loadConfig } from '@platform/service-kit';
import { IdentityConfig } from './identity.config';

const required = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432',
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
  PUBLIC_URL: 'http://localhost:8080',
  SMTP_URL: 'smtp://127.0.0.1:1025',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(IdentityConfig, env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('identity configuration', () => {
  it('defaults to the port and database of libs/contracts and safe token lifetimes', () => {
    const config = loadConfig(IdentityConfig, required);
    expect(config).toMatchObject({
      PORT: 3001,
      DATABASE_NAME: 'identity',
      ACCESS_TOKEN_TTL_SECONDS: 600,
      REFRESH_TOKEN_TTL_DAYS: 30,
      JWT_ISSUER: 'learning-platform-identity',
      JWT_AUDIENCE: 'learning-platform',
      LOGIN_RATE_LIMIT: 10,
    });
    expect(config.JWT_PRIVATE_KEY).toBeUndefined();
  });

  it('names each missing or malformed variable', () => {
    expect(problems({})).toEqual(
      expect.arrayContaining([
        expect.stringContaining('PUBLIC_URL'),
        expect.stringContaining('SMTP_URL'),
        expect.stringContaining('DATABASE_URL'),
      ]),
    );
    expect(problems({ ...required, SMTP_URL: 'http://mail' })).toEqual(['SMTP_URL must be an smtp:// or smtps:// URL']);
  });

  it('refuses a first admin address with look-alike characters', () => {
    expect(
      problems({ ...required, ADMIN_EMAIL: 'admin@\u212Aexample.com', ADMIN_PASSWORD: 'root-password-123' }),
    ).toEqual(['ADMIN_EMAIL contains U+212A, a look-alike of "k": type the address with plain characters']);
  });

  it('keeps access tokens at 15 minutes or less', () => {
    expect(problems({ ...required, ACCESS_TOKEN_TTL_SECONDS: '3600' })).toEqual([
      'ACCESS_TOKEN_TTL_SECONDS must not be greater than 900 (15 minutes)',
    ]);
  });

  it('requires a signing key in production, and a PEM when one is given', () => {
    const message =
      'JWT_PRIVATE_KEY must be the PKCS#8 PEM ("BEGIN PRIVATE KEY") of an Ed25519 key; it is required in production';
    expect(problems({ ...required, NODE_ENV: 'production' })).toEqual([message]);
    expect(problems({ ...required, JWT_PRIVATE_KEY: 'secret' })).toEqual([message]);
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(problems({ ...required, ADMIN_EMAIL: 'root@example.test' })).toEqual([
      'ADMIN_PASSWORD must be at least 10 characters (required with ADMIN_EMAIL)',
    ]);
    expect(problems({ ...required, ADMIN_PASSWORD: 'long-enough-1' })).toEqual([
      'ADMIN_EMAIL must be an e-mail address (required with ADMIN_PASSWORD)',
    ]);
    expect(problems({ ...required, ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'long-enough-1' })).toEqual([]);
  });
});
