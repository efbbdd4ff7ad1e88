import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { Public } from '../auth/public-route.decorator';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { ReadinessRegistry } from './readiness.registry';

const PROBE_TIMEOUT_MS = 2000;

function withTimeout(probe: Promise<void>, name: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name} did not answer within ${PROBE_TIMEOUT_MS} ms`)),
      PROBE_TIMEOUT_MS,
    );
  });
  return Promise.race([probe, timeout]).finally(() => clearTimeout(timer));
}

@Public()
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessRegistry,
  ) {}

  /** Liveness: the event loop answers. Dependencies are readiness's business, so a broker outage never restarts pods. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    if (this.readiness.isDraining()) {
      throw new ServiceUnavailableException('Shutting down');
    }
    return this.health.check(
      this.readiness.all().map((check) => async () => {
        const session = this.indicators.check(check.name);
        try {
          await withTimeout(check.probe(), check.name);
          return session.up();
        } catch (error) {
          return session.down({ message: error instanceof Error ? error.message : String(error) });
        }
      }),
    );
  }
}
