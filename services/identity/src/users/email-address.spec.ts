import { emailLookAlikeProblem, normaliseEmail } from './email-address';

describe('e-mail addresses', () => {
  it('are unique up to case and the spelling of their domain (IDNA)', () => {
    expect(normaliseEmail('  Ada@Example.COM ')).toBe('ada@example.com');
    expect(normaliseEmail('ada@EXÄMPLE.com')).toBe('ada@xn--exmple-cua.com');
    expect(normaliseEmail('ada@xn--exmple-cua.com')).toBe('ada@xn--exmple-cua.com');
    expect(normaliseEmail('Müller@straße.de')).toBe('müller@xn--strae-oqa.de');
  });

  it('are taken as typed when they mean what they show', () => {
    for (const email of ['Ada@Example.com', 'ada@exämple.com', 'ada@xn--exmple-cua.com', 'müller@example.com']) {
      expect([email, emailLookAlikeProblem(email)]).toEqual([email, undefined]);
    }
  });

  it('are refused when a character would turn into another, naming it (U+212A KELVIN SIGN folds to k)', () => {
    expect(emailLookAlikeProblem('victim\u212Aa@example.com')).toBe(
      'email contains U+212A, a look-alike of "k": type the address with plain characters',
    );
    expect(normaliseEmail('victim\u212Aa@example.com')).toBe(normaliseEmail('victimka@example.com'));
    for (const email of [
      'ａda@example.com',
      'ada@ｅxample.com',
      'admİn@example.com',
      'x@ﬁle.com',
      'ada@\u212Aexample.com',
    ]) {
      expect([email, emailLookAlikeProblem(email)]).toEqual([email, expect.stringMatching(/look-alike/)]);
    }
  });
});
