import { retryAfterMs, routeOf } from './http-recorder';
import { tokenInMail } from './mail-inbox';
import { OptionsError, parseLoadOptions } from './load-options';

describe('load generator helpers', () => {
  it('group requests by route, ids and query dropped', () => {
    expect(routeOf('get', '/api/catalog/courses/0b6f5c1e-3a52-4c57-9a43-2f1d1e0c9a77?x=1')).toBe(
      'GET /api/catalog/courses/:id',
    );
    expect(routeOf('POST', '/api/progress/quizzes/0b6f5c1e-3a52-4c57-9a43-2f1d1e0c9a77/attempts')).toBe(
      'POST /api/progress/quizzes/:id/attempts',
    );
    expect(routeOf('GET', '/api/catalog/courses?search=abc')).toBe('GET /api/catalog/courses');
  });

  it('wait out a 429 as long as Retry-After says', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(null)).toBe(1000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 5_000)).toBe(5000);
  });

  it('find the token of a mailed link', () => {
    expect(tokenInMail({ html: '<a href="http://x/verify-email?a=1&amp;token=abc-DEF_1">verify</a>' })).toBe(
      'abc-DEF_1',
    );
    expect(tokenInMail({ text: 'no link here' })).toBeUndefined();
  });

  it('read options from flags over the environment, and refuse nonsense', () => {
    const options = parseLoadOptions(['--learners', '3', '--base-url=http://127.0.0.1:18080/'], {
      LOAD_LEARNERS: '50',
      LOAD_INSTRUCTORS: '4',
      LOAD_MAIL_URL: 'http://127.0.0.1:11080',
      DEMO_PASSWORD: 'some-demo-password',
    });
    expect(options).toMatchObject({
      learners: 3,
      instructors: 4,
      baseUrl: 'http://127.0.0.1:18080',
      mailApi: 'http://127.0.0.1:11080/api/email',
      adminPassword: 'some-demo-password',
      amqpUrl: expect.stringMatching(/^amqp:\/\//),
      deadLetterQueues: ['catalog.dlq', 'progress.dlq', 'media.dlq', 'media-worker.dlq'],
    });
    expect(parseLoadOptions(['--no-dead-letter-check'], {}).amqpUrl).toBeNull();
    expect(() => parseLoadOptions(['--learners', '0'], {})).toThrow(OptionsError);
    expect(() => parseLoadOptions(['--learners', '100000'], {})).toThrow('from 1 to 5000');
    expect(() => parseLoadOptions(['--base-url', 'file:///etc'], {})).toThrow('http(s)');
    expect(() => parseLoadOptions(['--bogus'], {})).toThrow('unknown option --bogus');
  });
});
