import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { BaseServiceConfig } from '../config/base-service.config';
import { ReadinessRegistry } from './readiness.registry';

/**
 * On SIGTERM readiness turns false first and the server keeps serving for SHUTDOWN_DRAIN_MS, so the
 * Service/ingress stop routing here before the listener closes; Fastify then lets in-flight requests finish.
 */
@Injectable()
export class ShutdownDrainService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  constructor(
    private readonly readiness: ReadinessRegistry,
    private readonly config: BaseServiceConfig,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.readiness.startDraining();
    this.logger.log(`Shutting down (${signal ?? 'close'}): draining for ${this.config.SHUTDOWN_DRAIN_MS} ms`);
    if (this.config.SHUTDOWN_DRAIN_MS > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.config.SHUTDOWN_DRAIN_MS));
    }
    this.logger.log('Drained: closing the listeners once their requests are answered');
  }
}
