import { TokenVerificationConfig } from '@platform/auth';
import { BACKEND_SERVICES, consumerQueueOf, MEDIA_WORKER } from '@platform/contracts';
import { BooleanFromEnv, NumberFromEnv } from '@platform/service-kit';
import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export class MediaConfig extends TokenVerificationConfig {
  override PORT = BACKEND_SERVICES.media.port;
  override DATABASE_NAME = BACKEND_SERVICES.media.database;

  /** Health and metrics port of the worker process (same image, `worker` entry point). */
  @NumberFromEnv()
  @IsInt()
  @Min(0)
  WORKER_PORT: number = MEDIA_WORKER.port;

  @IsString()
  @MinLength(3)
  S3_BUCKET!: string;

  @IsString()
  S3_REGION = 'us-east-1';

  /** S3 API endpoint the services use; unset on AWS. */
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT?: string;

  /** Endpoint the browser reaches: presigned URLs are signed for this host. Defaults to S3_ENDPOINT. */
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'S3_PUBLIC_ENDPOINT must be an http(s) URL' })
  S3_PUBLIC_ENDPOINT?: string;

  @BooleanFromEnv()
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  /** Static credentials (s3rver, MinIO); unset on EKS, where pod identity provides them. */
  @IsOptional()
  @IsString()
  AWS_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  AWS_SECRET_ACCESS_KEY?: string;

  /** Videos larger than this are uploaded in parts. */
  @NumberFromEnv()
  @IsInt()
  @Min(5 * 1024 * 1024)
  MULTIPART_THRESHOLD_BYTES = 64 * 1024 * 1024;

  /** Size of each multipart part (S3's minimum is 5 MiB except for the last). */
  @NumberFromEnv()
  @IsInt()
  @Min(5 * 1024 * 1024)
  MULTIPART_PART_BYTES = 16 * 1024 * 1024;

  /**
   * Lifetime of presigned GET URLs: short, so a leaked link soon stops working (the web app's video
   * player fetches a fresh one before it expires; tests use 10 s to see that happen).
   */
  @NumberFromEnv()
  @IsInt()
  @Min(10)
  @Max(600)
  DOWNLOAD_URL_TTL_SECONDS = 300;

  @NumberFromEnv()
  @IsInt()
  @Min(60)
  @Max(3600)
  UPLOAD_URL_TTL_SECONDS = 900;

  /** Images larger than this many pixels fail processing (decompression bombs). */
  @NumberFromEnv()
  @IsInt()
  @Min(1_000_000)
  MAX_IMAGE_PIXELS = 40_000_000;

  /**
   * Images one worker process renders at once, each on one libvips thread per variant: about one
   * per CPU the worker may use. Scale out with more worker pods, not a larger number.
   */
  @NumberFromEnv()
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY = 2;

  /**
   * Images one worker process holds at once (its queue prefetch): more than it renders, so reading
   * originals and storing variants overlaps with rendering. Each holds a database connection
   * (keep it below DATABASE_POOL_MAX) and its original (≤ the cover size limit) in memory.
   */
  @NumberFromEnv()
  @IsInt()
  @Min(1)
  @Max(256)
  WORKER_PREFETCH = 8;

  /** Deliveries of a failing `media.image.uploaded` (storage or database down) before it is parked in the DLQ. */
  @NumberFromEnv()
  @IsInt()
  @Min(1)
  @Max(20)
  WORKER_MAX_ATTEMPTS = 5;

  /** Delay before the worker's first retry; each further one doubles it. */
  @NumberFromEnv()
  @IsInt()
  @Min(10)
  WORKER_RETRY_BASE_MS = 1000;
}

/**
 * The durable queues of the service (catalog's cover events) and of its worker, named by the contracts'
 * rule (`media` and `media-worker` on the platform's exchange).
 */
export function mediaQueues(config: Pick<MediaConfig, 'EVENTS_EXCHANGE'>): { service: string; worker: string } {
  return {
    service: consumerQueueOf(BACKEND_SERVICES.media.name, config.EVENTS_EXCHANGE),
    worker: consumerQueueOf(MEDIA_WORKER.name, config.EVENTS_EXCHANGE),
  };
}

/**
 * Each image in flight holds a database connection for its transaction and briefly needs a second
 * one (the render count is committed on its own): keep two connections of the pool free, or a full
 * prefetch could wait on itself.
 */
export function workerPrefetch(
  config: Pick<MediaConfig, 'WORKER_PREFETCH' | 'WORKER_CONCURRENCY' | 'DATABASE_POOL_MAX'>,
): number {
  return Math.max(
    1,
    Math.min(Math.max(config.WORKER_PREFETCH, config.WORKER_CONCURRENCY), config.DATABASE_POOL_MAX - 2),
  );
}
