import { PasswordStrength } from './password-strength';

describe('password strength', () => {
  const strength = new PasswordStrength();

  it.each(['password12', '1234567890', ' '.repeat(10), 'qwertyuiop', 'Password1!', 'iloveyou12', 'aaaaaaaaaaaa'])(
    'refuses the common or trivial %p with advice',
    (password) => {
      expect(strength.weakness(password)).toMatch(/^password is too easy to guess: \S/);
    },
  );

  it("refuses a password made of the owner's own address or name", () => {
    const owner = { email: 'ada.lovelace@example.com', displayName: 'Ada Lovelace' };
    expect(strength.weakness('lovelace1815', owner)).toMatch(/too easy to guess/);
    expect(strength.weakness('lovelace1815')).toMatch(/too easy to guess/);
    expect(strength.weakness('adalovelace!', owner)).toMatch(/too easy to guess/);
    expect(strength.weakness('ada.lovelace@example.com', owner)).toMatch(/too easy to guess/);
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
  ])('accepts passphrases the platform and its tests use: %p', (password) => {
    expect(strength.weakness(password)).toBeUndefined();
  });

  it('stays quick on the longest passwords accepted', () => {
    const started = process.hrtime.bigint();
    strength.weakness('4@8(<{[©6e3€f#1!|i1¡j0o9q®2$§5+7%'.repeat(8));
    strength.weakness('ab1!'.repeat(64));
    // A bound far above the expected few tens of ms, only to catch a catastrophic regression.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5_000);
  });
});
