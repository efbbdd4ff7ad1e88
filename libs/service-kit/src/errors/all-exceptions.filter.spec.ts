import { AllExceptionsFilter, isDatabaseConnectionLost } from './all-exceptions.filter';

describe('AllExceptionsFilter: a lost database connection', () => {
  const filter = new AllExceptionsFilter();

  it.each([
    ['a terminated backend (57P01), wrapped', { message: 'insert … failed', previous: { code: '57P01' } }],
    ['a connection failure (08006)', { message: 'x', sqlState: '08006' }],
    ['pg losing its socket', new Error('Connection terminated unexpectedly')],
    ['knex after the connection died mid-transaction', new Error('Transaction query already complete')],
  ])('answers %s with 503', (_case, exception) => {
    expect(isDatabaseConnectionLost(exception)).toBe(true);
    expect(filter.toBody(exception).statusCode).toBe(503);
  });

  it('keeps any other failure a 500', () => {
    expect(filter.toBody(new Error('boom')).statusCode).toBe(500);
    expect(filter.toBody({ code: '23505', message: 'duplicate key' }).statusCode).toBe(500);
  });
});
