import { isoTime } from './course.views';

describe('isoTime', () => {
  it("rearranges PostgreSQL's UTC text into exactly what Date's toISOString gives", () => {
    for (const text of [
      '2026-12-04 18:49:50.123456+00',
      '2026-12-04 18:49:50.1239+00',
      '2026-12-04 18:49:50.999999+00',
      '2026-12-04 18:49:50.5+00',
      '2026-12-04 18:49:50.05+00',
      '2026-12-04 18:49:50+00',
      '2024-02-29 00:00:00.000001+00',
    ]) {
      expect(isoTime(text)).toBe(new Date(text).toISOString());
    }
  });

  it('leaves any other text, and Dates, to Date', () => {
    expect(isoTime('2026-12-04 20:49:50.5+02')).toBe('2026-12-04T18:49:50.500Z');
    expect(isoTime('2026-12-04T18:49:50.500Z')).toBe('2026-12-04T18:49:50.500Z');
    expect(isoTime(new Date(Date.UTC(2026, 11, 4, 18, 49, 50, 7)))).toBe('2026-12-04T18:49:50.007Z');
  });
});
