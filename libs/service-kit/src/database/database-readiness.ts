import { MikroORM } from '@mikro-orm/core';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry } from '../health/readiness.registry';

/** Readiness depends on the service's database answering a trivial query: without it no request can be served. */
@Injectable()
export class DatabaseReadiness implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register({
      name: 'database',
      probe: async () => {
        const state = await this.orm.checkConnection();
        if (!state.ok) {
          throw new Error(`database: ${state.reason ?? 'unreachable'}`);
        }
      },
    });
  }
}
