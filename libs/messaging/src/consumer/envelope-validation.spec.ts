import {
  BadRequestException,
  ConflictException,
  InternalServerErrorException,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { InvalidEventError, isPermanentFailure, parseEnvelope } from './envelope-validation';
import { errorText } from './event-consumer.transport';

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
    const broken = { ...valid, id: 'nope', version: 0, occurredAt: 'yesterday', source: 7, payload: [] };
    expect(() => parseEnvelope(Buffer.from(JSON.stringify(broken)))).toThrow(
      'invalid envelope: id must be a uuid; version must be a positive integer; occurredAt must be an ISO date; source must be a string; payload must be an object',
    );
    const { type: _type, correlationId: _correlationId, ...missing } = valid;
    expect(() => parseEnvelope(Buffer.from(JSON.stringify(missing)))).toThrow(
      /type must be a non-empty string; correlationId must be a string/,
    );
    expect(() => parseEnvelope(Buffer.from('{'))).toThrow(InvalidEventError);
    expect(() => parseEnvelope(Buffer.from('null'))).toThrow(/not an object/);
    expect(() => parseEnvelope(Buffer.from('[]'))).toThrow(/not an object/);
  });
});

describe('failure classification', () => {
  it('never retries invalid events or validation refusals, retries everything else', () => {
    expect(isPermanentFailure(new InvalidEventError('bad'))).toBe(true);
    expect(isPermanentFailure(new BadRequestException(['name must be a string']))).toBe(true);
    expect(isPermanentFailure(new UnprocessableEntityException())).toBe(true);
    // An entity an earlier event creates may just not be there yet: retried.
    expect(isPermanentFailure(new NotFoundException())).toBe(false);
    expect(isPermanentFailure(new ConflictException())).toBe(false);
    expect(isPermanentFailure(new InternalServerErrorException())).toBe(false);
    expect(isPermanentFailure(new Error('deadlock detected'))).toBe(false);
    expect(isPermanentFailure('a string')).toBe(false);
  });

  it('reports a validation pipe\'s messages, not "Bad Request"', () => {
    expect(errorText(new BadRequestException(['name must be a string', 'count must not be less than 0']))).toBe(
      'name must be a string; count must not be less than 0',
    );
    expect(errorText(new Error('boom'))).toBe('boom');
    expect(errorText('x'.repeat(5000))).toHaveLength(1000);
  });
});
