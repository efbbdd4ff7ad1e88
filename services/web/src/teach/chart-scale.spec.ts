import { yTicks } from './chart-scale';

describe('yTicks', () => {
  it('marks zero, a whole middle and the top, never a fraction of a learner', () => {
    expect(yTicks(0)).toEqual([0, 1]);
    expect(yTicks(1)).toEqual([0, 1]);
    expect(yTicks(7)).toEqual([0, 4, 7]);
  });
});
