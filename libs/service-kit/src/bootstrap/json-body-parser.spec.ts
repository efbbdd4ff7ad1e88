import { nestsDeeperThan } from './json-body-parser';

describe('nestsDeeperThan', () => {
  it('counts nested objects and arrays, not their number', () => {
    expect(nestsDeeperThan('{"a":[1,2,{"b":[]}]}', 4)).toBe(false);
    expect(nestsDeeperThan('{"a":[1,2,{"b":[]}]}', 3)).toBe(true);
    expect(nestsDeeperThan('[[],[],[],[],[]]', 2)).toBe(false);
    expect(nestsDeeperThan('"plain"', 0)).toBe(false);
  });

  it('skips brackets inside strings, escaped quotes and escaped backslashes included', () => {
    expect(nestsDeeperThan('{"a":"[[[[{{{{"}', 1)).toBe(false);
    expect(nestsDeeperThan('{"a":"say \\"[[[[\\""}', 1)).toBe(false);
    expect(nestsDeeperThan('{"a":"C:\\\\","b":[[1]]}', 2)).toBe(true);
    expect(nestsDeeperThan(Buffer.from('{"é✓":"[[[[","b":{}}'), 2)).toBe(false);
  });

  it('stops at the first level too deep, whatever follows', () => {
    const hostile = '['.repeat(1_000_000);
    expect(nestsDeeperThan(hostile, 32)).toBe(true);
  });
});
