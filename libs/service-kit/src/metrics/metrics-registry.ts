import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  register,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';

/**
 * One Prometheus registry per process (prom-client's default). Metrics are created through these
 * getters so that a second app in the same process (tests) reuses them instead of failing to register.
 */
export const metricsRegistry = register;

let defaultMetricsStarted = false;
export function startDefaultMetrics(): void {
  if (defaultMetricsStarted) return;
  defaultMetricsStarted = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

export function counter<T extends string>(config: CounterConfiguration<T>): Counter<T> {
  return (metricsRegistry.getSingleMetric(config.name) as Counter<T> | undefined) ?? new Counter(config);
}

export function gauge<T extends string>(config: GaugeConfiguration<T>): Gauge<T> {
  return (metricsRegistry.getSingleMetric(config.name) as Gauge<T> | undefined) ?? new Gauge(config);
}

export function histogram<T extends string>(config: HistogramConfiguration<T>): Histogram<T> {
  return (metricsRegistry.getSingleMetric(config.name) as Histogram<T> | undefined) ?? new Histogram(config);
}
