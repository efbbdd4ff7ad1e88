import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACCESS_TOKEN_AUDIENCE_DEFAULT, ACCESS_TOKEN_ISSUER_DEFAULT, type Role } from '@platform/contracts';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: Role[];
}

export interface TestTokenIssuer {
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  /** Env for a service under test that verifies these tokens. */
  readonly env: Record<string, string>;
  /** A fresh user with these roles and a valid access token. */
  user(...roles: Role[]): Promise<TestUser & { token: string }>;
  sign(user: TestUser, options?: { expiresIn?: string; audience?: string }): Promise<string>;
  close(): Promise<void>;
}

/**
 * Stands in for identity in other services' black-box tests: a real EdDSA key pair and a real JWKS
 * served over HTTP, so the services' token verification runs exactly as in production.
 */
export async function startTestTokenIssuer(): Promise<TestTokenIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const kid = randomUUID();
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }] });
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  const issuer = ACCESS_TOKEN_ISSUER_DEFAULT;
  const audience = ACCESS_TOKEN_AUDIENCE_DEFAULT;

  const sign = (user: TestUser, options: { expiresIn?: string; audience?: string } = {}): Promise<string> =>
    new SignJWT({ roles: user.roles, email: user.email, name: user.displayName })
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setSubject(user.id)
      .setIssuer(issuer)
      .setAudience(options.audience ?? audience)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '10m')
      .sign(privateKey);

  return {
    jwksUrl,
    issuer,
    audience,
    env: { JWKS_URL: jwksUrl, JWT_ISSUER: issuer, JWT_AUDIENCE: audience },
    user: async (...roles: Role[]) => {
      const id = randomUUID();
      const user = {
        id,
        email: `${id}@example.test`,
        displayName: `Test ${roles.join(' ') || 'user'} ${id.slice(0, 8)}`,
        roles,
      };
      return { ...user, token: await sign(user) };
    },
    sign,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
