import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

/** What the throttler expects back (the package does not export the record type by name). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * The throttler's counters in identity's own database, so the limits hold for the service as a
 * whole: with the in-memory default every replica counted alone, and N replicas allowed N times the
 * attempts. One atomic upsert per limited request (sign-in, sign-up, reset: each already costs an
 * argon2 hash, far more than this). A window starts at its first hit and lasts `ttl`; a tracker over
 * the limit is refused until its window ends. Expired rows are deleted by housekeeping.
 * Written here because @nestjs/throttler ships only the in-memory storage, and the maintained
 * shared stores need Redis, which the platform does not run.
 */
@Injectable()
export class DatabaseThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly orm: MikroORM) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const [row] = await this.orm.em.getConnection().execute<Array<{ hits: number; ms_left: string }>>(
      `insert into rate_limit_counters (key, hits, expires_at)
         values (?, 1, clock_timestamp() + ? * interval '1 millisecond')
       on conflict (key) do update set
         hits = case when rate_limit_counters.expires_at <= clock_timestamp() then 1
                     else rate_limit_counters.hits + 1 end,
         expires_at = case when rate_limit_counters.expires_at <= clock_timestamp() then excluded.expires_at
                           else rate_limit_counters.expires_at end
       returning hits, extract(epoch from (expires_at - clock_timestamp())) * 1000 as ms_left`,
      [`${throttlerName}:${key}`, ttl],
    );
    const totalHits = Number(row!.hits);
    const timeToExpire = Math.max(1, Math.ceil(Number(row!.ms_left) / 1000));
    const isBlocked = totalHits > limit;
    return { totalHits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
  }
}
