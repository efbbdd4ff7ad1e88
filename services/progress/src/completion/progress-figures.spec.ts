import { percentOf } from './progress-figures';

describe('percentOf', () => {
  it('rounds down to a whole percent, so 100 means every current lesson is done', () => {
    expect(percentOf(1, 2)).toBe(50);
    expect(percentOf(2, 3)).toBe(66);
    expect(percentOf(199, 200)).toBe(99);
    expect(percentOf(200, 200)).toBe(100);
  });

  it('is 0 for a course without lessons and never leaves 0..100', () => {
    expect(percentOf(0, 0)).toBe(0);
    expect(percentOf(5, 0)).toBe(0);
    expect(percentOf(7, 3)).toBe(100);
    expect(percentOf(-1, 3)).toBe(0);
    for (let total = 1; total <= 150; total++)
      for (let done = 0; done <= total; done++) {
        const percent = percentOf(done, total);
        expect(Number.isInteger(percent) && percent >= 0 && percent <= 100).toBe(true);
        expect(percent === 100).toBe(done === total);
      }
  });
});
