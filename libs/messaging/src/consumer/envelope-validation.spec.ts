import { InvalidEventError, parseEnvelope } from './envelope-validation';

const valid = {
  id: '7d444840-9dc0-11d1-b245-5ffdce74fad2',
  type: 'catalog.course.published',
  version: 1,
  occurredAt: '2026-11-22T10:00:00.000Z',
  correlationId: 'abc',
  source: 'catalog',
  payload: { courseId: 'x' },
};

describe('parseEnvelope', () => {
  it('accepts a well-formed envelope', () => {
    expect(parseEnvelope(Buffer.from(JSON.stringify(valid)))).toEqual(valid);
  });

  it('names every problem of a malformed one', () => {
    const broken = { ...valid, id: 'nope', version: 0, payload: [] };
    expect(() => parseEnvelope(Buffer.from(JSON.stringify(broken)))).toThrow(
      /id must be a uuid; version must be a positive integer; payload must be an object/,
    );
    expect(() => parseEnvelope(Buffer.from('{'))).toThrow(InvalidEventError);
    expect(() => parseEnvelope(Buffer.from('null'))).toThrow(/not an object/);
  });
});
