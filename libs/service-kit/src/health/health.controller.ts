import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/public-route.decorator';
import { type CheckStatus, ReadinessRegistry } from './readiness.registry';

/** One dependency in the readiness answer (the shape @nestjs/terminus made familiar). */
interface DependencyState {
  readonly status: 'up' | 'down';
  readonly gatesReadiness: boolean;
  readonly message?: string;
}

/** `/health/ready` when ready: every dependency in `details`, the down ones (reported only) also in `error`. */
export interface ReadinessAnswer {
  readonly status: 'ok';
  readonly info: Record<string, DependencyState>;
  readonly error: Record<string, DependencyState>;
  readonly details: Record<string, DependencyState>;
}

function state(check: CheckStatus): DependencyState {
  return {
    status: check.up ? 'up' : 'down',
    gatesReadiness: check.gatesReadiness,
    ...(check.message ? { message: check.message } : {}),
  };
}

/** Served on the management port only (see management-listener.ts). */
@Public()
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  /** Liveness: the event loop answers. Dependencies are readiness's business, so an outage never restarts pods. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: 503 while draining or while a dependency the service cannot serve without (its
   * database) is down; a reported-only dependency (the broker) shows as down in the answer but
   * leaves the pod in its Service.
   */
  @Get('ready')
  async ready(): Promise<ReadinessAnswer> {
    if (this.readiness.isDraining()) throw new ServiceUnavailableException('Shutting down');
    const checks = await this.readiness.evaluate();
    const blocking = checks.filter((check) => check.gatesReadiness && !check.up);
    if (blocking.length > 0) {
      throw new ServiceUnavailableException(
        `Not ready: ${blocking.map((check) => `${check.name}: ${check.message}`).join('; ')}`,
      );
    }
    const entries = (list: CheckStatus[]) => Object.fromEntries(list.map((check) => [check.name, state(check)]));
    return {
      status: 'ok',
      info: entries(checks.filter((check) => check.up)),
      error: entries(checks.filter((check) => !check.up)),
      details: entries(checks),
    };
  }
}
