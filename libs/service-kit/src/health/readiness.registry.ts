import { Injectable } from '@nestjs/common';

/** A dependency of the service; `probe` throws (with a reason) when it is not usable. */
export interface ReadinessCheck {
  readonly name: string;
  /**
   * Whether the pod is unready while the check fails. A dependency the service copes without (the
   * broker: the outbox holds events while it is away) is only reported, in the details of
   * `/health/ready` and in the `dependency_up` metric, so its outage never empties a Service.
   * @default true
   */
  readonly gatesReadiness?: boolean;
  probe(): Promise<void>;
}

/** What one check found. */
export interface CheckStatus {
  readonly name: string;
  readonly up: boolean;
  readonly gatesReadiness: boolean;
  /** Why the check is down. */
  readonly message?: string;
}

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

/**
 * Where modules register what the service depends on (the database, the broker...), so the health
 * endpoint and the metrics need to know none of them.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private draining = false;

  register(check: ReadinessCheck): void {
    this.checks.set(check.name, check);
  }

  all(): ReadinessCheck[] {
    return [...this.checks.values()];
  }

  /** Runs every check at once, each bounded by a timeout. */
  evaluate(): Promise<CheckStatus[]> {
    return Promise.all(
      this.all().map(async (check) => {
        const gatesReadiness = check.gatesReadiness ?? true;
        try {
          await withTimeout(check.probe(), check.name);
          return { name: check.name, up: true, gatesReadiness };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return { name: check.name, up: false, gatesReadiness, message };
        }
      }),
    );
  }

  /** From now on readiness is false: the process is shutting down. */
  startDraining(): void {
    this.draining = true;
  }

  isDraining(): boolean {
    return this.draining;
  }
}
