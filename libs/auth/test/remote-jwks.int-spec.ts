import { startTestTokenIssuer, type TestTokenIssuer } from '@platform/testing';
import { AccessTokenVerifier } from '../src';

// The cache of verified tokens only answers while the key resolver hands out the very key that
// verified a token: with identity's JWKS over HTTP (jose's remote set) that must hold between
// refetches, or the cache would never hit.
describe('AccessTokenVerifier against a JWKS served over HTTP', () => {
  let issuer: TestTokenIssuer;

  beforeAll(async () => {
    issuer = await startTestTokenIssuer();
  });

  afterAll(async () => {
    await issuer?.close();
  });

  it('verifies a token once, then answers it from the cache', async () => {
    const verifier = new AccessTokenVerifier({
      keys: issuer.jwksUrl,
      issuer: issuer.issuer,
      audience: issuer.audience,
    });
    const learner = await issuer.user('learner');
    const first = await verifier.verify(learner.token);
    expect(first).toEqual({
      id: learner.id,
      email: learner.email,
      displayName: learner.displayName,
      roles: ['learner'],
    });
    expect(await verifier.verify(learner.token)).toBe(first);
    const other = await issuer.sign(learner, { audience: 'someone-else' });
    await expect(verifier.verify(other)).rejects.toThrow('Invalid access token');
  });
});
