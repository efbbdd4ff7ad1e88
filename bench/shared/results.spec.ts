import { probeOf } from './results';

describe('probeOf', () => {
  it('marks nothing for a run of the code and settings as they ship', () => {
    expect(probeOf({ BENCH_RESULT_LABEL: 'quiet', BENCH_SECONDS: '10', BENCH_PROFILE: '0' })).toEqual({});
  });

  it('says what made a run a probe, each reason once', () => {
    expect(
      probeOf({
        BENCH_PROBE: 'tsc output',
        BENCH_SERVICE_NODE_OPTIONS: '--max-semi-space-size=16',
        BENCH_PROFILE: '1',
      }),
    ).toEqual({ probe: "tsc output; services' NODE_OPTIONS --max-semi-space-size=16; CPU profile" });
    expect(probeOf({ BENCH_PROFILE: '1' })).toEqual({ probe: 'CPU profile' });
  });
});
