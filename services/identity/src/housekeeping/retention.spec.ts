import { retentionCutoffs } from './retention';

describe('retention', () => {
  const now = new Date('2026-06-30T00:00:00Z');

  it('keeps refresh tokens a whole token lifetime past expiry, so replaying a spent one still revokes its family', () => {
    expect(retentionCutoffs(30, now).refreshTokensExpiredBefore.toISOString()).toBe('2026-05-31T00:00:00.000Z');
  });

  it('keeps e-mailed tokens a week past expiry and finished mails 30 days', () => {
    const cutoffs = retentionCutoffs(30, now);
    expect(cutoffs.oneTimeTokensExpiredBefore.toISOString()).toBe('2026-06-23T00:00:00.000Z');
    expect(cutoffs.mailsFinishedBefore.toISOString()).toBe('2026-05-31T00:00:00.000Z');
  });
});
