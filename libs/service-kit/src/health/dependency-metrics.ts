import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { gauge } from '../metrics/metrics-registry';
import { ReadinessRegistry } from './readiness.registry';

/** The registries of the apps running in this process (one in a service; tests may start several). */
const sources = new Set<ReadinessRegistry>();

function dependencyGauge(): void {
  gauge({
    name: 'dependency_up',
    help: 'Whether a dependency answers its check (1) or not (0); gates_readiness="false" ones never make the pod unready',
    labelNames: ['dependency', 'gates_readiness'],
    // Checked at scrape time, so the series is as fresh as the scrape, with or without readiness probes.
    async collect() {
      this.reset();
      for (const registry of sources) {
        for (const check of await registry.evaluate()) {
          this.set({ dependency: check.name, gates_readiness: String(check.gatesReadiness) }, check.up ? 1 : 0);
        }
      }
    },
  });
}

/** Publishes the state of every registered dependency (database, broker...) as the `dependency_up` gauge. */
@Injectable()
export class DependencyMetrics implements OnModuleInit, OnModuleDestroy {
  constructor(private readonly readiness: ReadinessRegistry) {}

  onModuleInit(): void {
    sources.add(this.readiness);
    dependencyGauge();
  }

  onModuleDestroy(): void {
    sources.delete(this.readiness);
  }
}
