import { UnauthenticatedError } from '@platform/service-kit';
import { bearerToken, requiredBearerToken } from './bearer-token';

const token = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe('bearerToken', () => {
  it('reads the one token of a Bearer header, whatever the scheme’s case', () => {
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`bearer ${token}`)).toBe(token);
    expect(bearerToken([`Bearer ${token}`])).toBe(token);
  });

  it('is undefined without a header, and a required one is 401', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('')).toBeUndefined();
    expect(() => requiredBearerToken(undefined)).toThrow('Missing bearer token');
  });

  it.each([
    ['another scheme', `Basic ${token}`],
    ['no token', 'Bearer'],
    ['an empty token', 'Bearer '],
    ['a second credential after it', `Bearer ${token} Bearer ${token}`],
    ['a list of credentials', `Bearer ${token}, Bearer other`],
    ['trailing words', `Bearer ${token} admin`],
    ['a token with characters no token has', `Bearer ${token}"`],
    ['a tab inside', `Bearer ${token}\tx`],
  ])('refuses %s with 401', (_case, header) => {
    expect(() => bearerToken(header)).toThrow(UnauthenticatedError);
  });
});
