import { ApiError, errorMessage, networkError, toApiError } from './errors';

describe('toApiError', () => {
  it('shows the message of the API error body', () => {
    const error = toApiError(409, { statusCode: 409, error: 'Conflict', message: 'That e-mail is already registered' });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(409);
    expect(error.message).toBe('That e-mail is already registered');
    expect(error.error).toBe('Conflict');
  });

  it('joins the messages of a validation error', () => {
    const error = toApiError(400, {
      statusCode: 400,
      error: 'Bad Request',
      message: ['email must be an email', 'password must be longer than or equal to 8 characters'],
    });
    expect(error.message).toBe('email must be an email; password must be longer than or equal to 8 characters');
  });

  it('falls back to the error phrase when the message is empty', () => {
    expect(toApiError(403, { statusCode: 403, error: 'Forbidden', message: '' }).message).toBe('Forbidden');
  });

  it('gives a plain sentence for bodies that are not API errors', () => {
    expect(toApiError(429, undefined).message).toMatch(/too many requests/i);
    expect(toApiError(502, '<html>Bad gateway</html>').message).toMatch(/having trouble/i);
    expect(toApiError(418, undefined, "I'm a teapot").message).toBe("Request failed: I'm a teapot (418).");
  });

  it('keeps a short plain-text body', () => {
    expect(toApiError(400, 'quota exceeded').message).toBe('quota exceeded');
  });
});

describe('errorMessage', () => {
  it('reads API errors, other errors and anything else', () => {
    expect(errorMessage(new ApiError(404, 'Course not found'))).toBe('Course not found');
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('???')).toBe('Something went wrong.');
  });

  it('says the server could not be reached for network failures', () => {
    const error = networkError(new TypeError('fetch failed'));
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/could not reach the server \(fetch failed\)/i);
  });
});
