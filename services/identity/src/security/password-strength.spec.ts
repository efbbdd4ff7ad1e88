import { PasswordStrength } from './password-strength';

describe('password strength', () => {
  const strength = new PasswordStrength();

  it.each(['password12', '1234567890', ' '.repeat(10), 'qwertyuiop', 'Password1!', 'iloveyou12', 'aaaaaaaaaaaa'])(
    'refuses the common or trivial %p with advice',
    async (password) => {
      await expect(strength.weakness(password)).resolves.toMatch(/^password is too easy to guess: \S/);
    },
  );

  it("refuses a password made of the owner's own address or name", async () => {
    const owner = { email: 'ada.lovelace@example.com', displayName: 'Ada Lovelace' };
    await expect(strength.weakness('lovelace1815', owner)).resolves.toMatch(/too easy to guess/);
    await expect(strength.weakness('lovelace1815')).resolves.toMatch(/too easy to guess/);
    await expect(strength.weakness('adalovelace!', owner)).resolves.toMatch(/too easy to guess/);
    await expect(strength.weakness('ada.lovelace@example.com', owner)).resolves.toMatch(/too easy to guess/);
  });

  it.each([
    'demo-password-123', // DEMO_PASSWORD's default: README, demo data, browser tests, load generator
    'smoke-test-password-1', // ../shared/contract-smoke.mjs registers with it
    'correct horse battery',
    'root-password-123',
    'a-good-long-password-1',
    'brand new password',
    'reset password 123',
    'long enough pw',
  ])('accepts passphrases the platform and its tests use: %p', async (password) => {
    await expect(strength.weakness(password)).resolves.toBeUndefined();
  });

  it('stays quick on the longest passwords accepted', async () => {
    await strength.weakness('dictionaries loaded first');
    const started = process.hrtime.bigint();
    await strength.weakness('4@8(<{[©6e3€f#1!|i1¡j0o9q®2$§5+7%'.repeat(8));
    await strength.weakness('ab1!'.repeat(64));
    // A bound far above the expected few tens of ms, only to catch a catastrophic regression.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5_000);
  });

  it('loads its dictionaries with the first check, once, not when the service starts', async () => {
    let loads = 0;
    await jest.isolateModulesAsync(async () => {
      jest.doMock('@zxcvbn-ts/language-en', () => {
        loads += 1;
        return jest.requireActual('@zxcvbn-ts/language-en');
      });
      const { PasswordStrength: Isolated } = await import('./password-strength');
      const fresh = new Isolated();
      expect(loads).toBe(0);
      await Promise.all([fresh.weakness('password12'), fresh.weakness('correct horse battery')]);
      await fresh.weakness('another one to check');
      expect(loads).toBe(1);
    });
  });
});
