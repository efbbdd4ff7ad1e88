import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

/** What the throttler expects back (the package does not export the record type by name). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * The throttler's counters in identity's database, so N replicas do not allow N times the attempts
 * (@nestjs/throttler ships only in-memory storage; shared stores need Redis, which we do not run).
 * One atomic upsert per limited request; a window starts at its first hit and lasts `ttl`.
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
