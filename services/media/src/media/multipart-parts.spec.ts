import { partsProblem } from './multipart-parts';

describe('partsProblem', () => {
  const stored = [
    { partNumber: 1, etag: '"aaa"', size: 5 },
    { partNumber: 2, etag: '"bbb"', size: 5 },
    { partNumber: 3, etag: '"ccc"', size: 2 },
  ];
  const all = [
    { partNumber: 1, etag: 'aaa' },
    { partNumber: 2, etag: '"BBB"' },
    { partNumber: 3, etag: '"ccc"' },
  ];

  it('accepts exactly the uploaded parts in order, ETags quoted or not', () => {
    expect(partsProblem(all, stored, 3)).toBeUndefined();
  });

  it('names the part that is wrong', () => {
    expect(partsProblem([all[0], all[1]], stored, 3)).toBe('Part 3 is missing from the list');
    expect(partsProblem([all[0], all[2]], stored, 3)).toBe('Part 2 is missing from the list');
    expect(partsProblem([all[0], all[0], all[1]], stored, 3)).toBe('Part 1 is listed twice');
    expect(partsProblem([all[1], all[0], all[2]], stored, 3)).toBe(
      'Parts must be listed in ascending order: part 1 comes after part 2',
    );
    expect(partsProblem([all[0], all[2], all[1]], stored, 3)).toBe(
      'Parts must be listed in ascending order: part 2 comes after part 3',
    );
    expect(partsProblem([all[0], all[1], all[1]], stored, 3)).toBe('Part 2 is listed twice');
    expect(partsProblem([all[0], all[1], { partNumber: 1, etag: 'aaa' }], stored, 3)).toBe(
      'Parts must be listed in ascending order: part 1 comes after part 2',
    );
    expect(partsProblem([...all, { partNumber: 4, etag: 'x' }], stored, 3)).toBe(
      'This upload has 3 parts; 4 were listed',
    );
    expect(partsProblem([all[0], all[1], { partNumber: 3, etag: 'zzz' }], stored, 3)).toBe(
      'The ETag of part 3 does not match the part that was uploaded',
    );
    expect(partsProblem(all, stored.slice(0, 2), 3)).toBe('Part 3 was never uploaded');
    expect(partsProblem([all[0], { partNumber: 5, etag: 'x' }], stored, 3)).toBe(
      'Part 5 is beyond the 3 parts of this upload',
    );
  });
});
