import { createValidationPipe } from '@platform/service-kit';
import { RegisterDto } from './register.dto';

/** The same pipe the app runs globally, on the sign-up body. */
async function parse(body: unknown): Promise<RegisterDto | string> {
  try {
    return await createValidationPipe().transform(body, { type: 'body', metatype: RegisterDto });
  } catch (error) {
    return String((error as { getResponse(): { message: string[] } }).getResponse().message);
  }
}

describe('sign-up input', () => {
  const valid = { email: '  Ada@Example.com ', password: 'long enough pw', displayName: '  Ada ' };

  it('trims the e-mail and display name', async () => {
    expect(await parse(valid)).toMatchObject({ email: 'Ada@Example.com', displayName: 'Ada' });
  });

  it('wants a password of 10 to 256 characters and a display name of 1 to 100', async () => {
    expect(await parse({ ...valid, password: 'short' })).toBe('password must be at least 10 characters');
    expect(await parse({ ...valid, password: 'x'.repeat(257) })).toBe('password must be at most 256 characters');
    expect(await parse({ ...valid, displayName: '   ' })).toBe('displayName must not be empty');
    expect(await parse({ ...valid, displayName: 'x'.repeat(101) })).toBe('displayName must be at most 100 characters');
  });

  it('refuses malformed addresses, wrong types and unknown fields', async () => {
    expect(await parse({ ...valid, email: 'not-an-address' })).toBe('email must be an e-mail address');
    expect(await parse({ ...valid, roles: ['admin'] })).toBe('property roles should not exist');
    expect(await parse({ ...valid, password: 1234567890 })).toContain('password must be a string');
  });
});
