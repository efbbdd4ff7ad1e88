import { hasVisibleText } from './visible-text';

describe('hasVisibleText', () => {
  it.each([
    ['a letter', 'a'],
    ['a digit between spaces', ' 1 '],
    ['an emoji', '😀'],
    ['a letter after zero-width spaces', '\u200b\u200ba'],
    ['CJK', '学'],
  ])('accepts %s', (_case, value) => {
    expect(hasVisibleText(value)).toBe(true);
  });

  it.each([
    ['nothing', ''],
    ['white space', ' \t\n\u00a0\u3000'],
    ['zero-width spaces and joiners', '\u200b\u200c\u200d\u2060\ufeff'],
    ['bidi controls', '\u202e\u2066\u200f'],
    ['a soft hyphen', '\u00ad'],
    ['Hangul fillers', '\u3164\u115f\u1160\uffa0'],
    ['the blank Braille pattern', '\u2800'],
    ['control characters', '\u0001\u007f'],
  ])('refuses %s', (_case, value) => {
    expect(hasVisibleText(value)).toBe(false);
  });
});
