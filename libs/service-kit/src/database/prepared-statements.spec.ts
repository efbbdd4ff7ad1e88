import { positionalPlaceholders, StatementNames } from './prepared-statements';

describe('positionalPlaceholders', () => {
  it('numbers the ? placeholders in order, leaving quoted literals and identifiers alone', () => {
    expect(positionalPlaceholders(`select "a?" from t where x = ? and y = 'it''s ?' and z in (?, ?)`)).toBe(
      `select "a?" from t where x = $1 and y = 'it''s ?' and z in ($2, $3)`,
    );
    expect(positionalPlaceholders('select 1')).toBe('select 1');
  });
});

describe('StatementNames', () => {
  it('gives the same text the same statement and another text another name', () => {
    const names = new StatementNames('listing');
    const first = names.of('select ? as a');
    expect(first).toEqual({ name: 'listing_1', text: 'select $1 as a' });
    expect(names.of('select ? as a')).toBe(first);
    expect(names.of('select ? as b').name).toBe('listing_2');
  });
});
