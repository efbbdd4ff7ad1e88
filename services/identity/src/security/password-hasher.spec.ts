import { PasswordHasher } from './password-hasher';

describe('password hashing', () => {
  const hasher = new PasswordHasher();

  it('uses argon2id and a fresh salt for every hash', async () => {
    const [first, second] = await Promise.all([hasher.hash('correct horse'), hasher.hash('correct horse')]);
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
  });

  it('accepts the right password only', async () => {
    const hash = await hasher.hash('correct horse');
    await expect(hasher.verify(hash, 'correct horse')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'Correct horse')).resolves.toBe(false);
  });

  it('says no, after the same work, when there is no account, and for a corrupt hash', async () => {
    await expect(hasher.verify(undefined, 'timing-equaliser-not-a-password')).resolves.toBe(false);
    await expect(hasher.verify('not-a-hash', 'anything')).resolves.toBe(false);
  });
});
