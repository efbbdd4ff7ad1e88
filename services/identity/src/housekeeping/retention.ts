const DAY_MS = 86_400_000;

/** How long rows that no longer do anything are kept before the hourly purge deletes them. */
export interface RetentionCutoffs {
  /** Refresh tokens that expired before this. */
  readonly refreshTokensExpiredBefore: Date;
  /** E-mailed one-time tokens that expired before this. */
  readonly oneTimeTokensExpiredBefore: Date;
  /** Mails sent or given up before this. */
  readonly mailsFinishedBefore: Date;
}

/**
 * A refresh token is kept one whole token lifetime past its own expiry: until then a successor in
 * its family may still be alive, and replaying the old (spent) token must still revoke that family.
 * One-time tokens are kept a week past expiry (to tell "expired" from "unknown" in support cases),
 * finished mails 30 days.
 */
export function retentionCutoffs(refreshTokenTtlDays: number, now = new Date()): RetentionCutoffs {
  return {
    refreshTokensExpiredBefore: new Date(now.getTime() - refreshTokenTtlDays * DAY_MS),
    oneTimeTokensExpiredBefore: new Date(now.getTime() - 7 * DAY_MS),
    mailsFinishedBefore: new Date(now.getTime() - 30 * DAY_MS),
  };
}
