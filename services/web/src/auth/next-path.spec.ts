import { safeNext } from './next-path';

describe('safeNext', () => {
  it('keeps paths inside the app', () => {
    expect(safeNext('/courses/1?x=2')).toBe('/courses/1?x=2');
  });

  it('sends anything else home', () => {
    for (const next of [null, '', 'https://evil.example', '//evil.example', '/\\evil.example', 'courses']) {
      expect(safeNext(next)).toBe('/');
    }
  });
});
