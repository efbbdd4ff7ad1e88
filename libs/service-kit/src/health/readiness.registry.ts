import { Injectable } from '@nestjs/common';

/** A dependency the service needs to take traffic; `probe` throws (with a reason) when it is not usable. */
export interface ReadinessCheck {
  readonly name: string;
  probe(): Promise<void>;
}

/**
 * Where modules register what readiness depends on (the database, the broker...), so the health
 * endpoint needs to know none of them.
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

  /** From now on readiness is false: the process is shutting down. */
  startDraining(): void {
    this.draining = true;
  }

  isDraining(): boolean {
    return this.draining;
  }
}
