import { PLATFORM_METRICS } from '@platform/contracts';

/** One Prometheus rule as the PrometheusRule CRD holds it. */
export interface PrometheusRuleEntry {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export interface PrometheusRuleGroup {
  readonly name: string;
  readonly rules: readonly PrometheusRuleEntry[];
}

/** The service-level objectives the burn-rate alerts defend (per job, over 30 days). */
export const SLO = {
  /** Share of requests answered without a 5xx. */
  availability: 0.995,
  /** Share of requests answered within `latencyThresholdSeconds`. */
  latency: 0.99,
  /** A bucket boundary of http_request_duration_seconds. */
  latencyThresholdSeconds: 0.5,
} as const;

const m = PLATFORM_METRICS;
const JOBS = 'job=~"identity|catalog|progress|media|media-worker"';
const requests = m.httpRequestDuration.name;

/** Windows of the multi-window, multi-burn-rate alerts (Google SRE workbook, chapter 5). */
const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
type Window = (typeof WINDOWS)[number];

const errorRatio = (window: Window) => `platform:http_error_ratio:rate${window}`;
const slowRatio = (window: Window) => `platform:http_slow_ratio:rate${window}`;

/** Short window guards the long one: the alert stops soon after the burning stops. */
const BURN_ALERTS: ReadonlyArray<{ long: Window; short: Window; factor: number; severity: string; for: string }> = [
  { long: '1h', short: '5m', factor: 14.4, severity: 'critical', for: '2m' },
  { long: '6h', short: '30m', factor: 6, severity: 'critical', for: '15m' },
  { long: '1d', short: '2h', factor: 3, severity: 'warning', for: '1h' },
  { long: '3d', short: '6h', factor: 1, severity: 'warning', for: '3h' },
];

function burnRateAlerts(
  alert: string,
  ratio: (window: Window) => string,
  budget: number,
  what: string,
): PrometheusRuleEntry[] {
  return BURN_ALERTS.map(({ long, short, factor, severity, for: pending }) => ({
    alert,
    expr: `${ratio(long)} > (${factor} * ${budget}) and ${ratio(short)} > (${factor} * ${budget})`,
    for: pending,
    labels: { severity, long_window: long },
    annotations: {
      summary: `{{ $labels.job }} is burning its ${what} error budget ${factor}x too fast (${long}/${short} windows)`,
      description: `At this rate the 30-day budget of ${what} is gone in ${Math.round((30 / factor) * 10) / 10} days. Dashboard: "Learning platform / {{ $labels.job }}".`,
    },
  }));
}

/**
 * The platform's recording and alerting rules: SLO burn rates for errors and latency per service,
 * and the messaging and worker symptoms an SRE must hear about (outbox not draining, parked
 * messages, worker backlog, consumers falling behind, pool exhausted, a target down).
 */
export function platformRuleGroups(): PrometheusRuleGroup[] {
  const errorBudget = Math.round((1 - SLO.availability) * 1e6) / 1e6;
  const latencyBudget = Math.round((1 - SLO.latency) * 1e6) / 1e6;
  return [
    {
      name: 'learning-platform.slo.recording',
      rules: WINDOWS.flatMap((window) => [
        {
          record: errorRatio(window),
          expr: `sum by (job) (rate(${requests}_count{${JOBS},status_code=~"5.."}[${window}])) / sum by (job) (rate(${requests}_count{${JOBS}}[${window}]))`,
        },
        {
          record: slowRatio(window),
          expr: `1 - (sum by (job) (rate(${requests}_bucket{${JOBS},le="${SLO.latencyThresholdSeconds}"}[${window}])) / sum by (job) (rate(${requests}_count{${JOBS}}[${window}])))`,
        },
      ]),
    },
    {
      name: 'learning-platform.slo.alerts',
      rules: [
        ...burnRateAlerts('PlatformErrorBudgetBurn', errorRatio, errorBudget, 'availability (5xx)'),
        ...burnRateAlerts(
          'PlatformLatencyBudgetBurn',
          slowRatio,
          latencyBudget,
          `latency (> ${SLO.latencyThresholdSeconds} s)`,
        ),
      ],
    },
    {
      name: 'learning-platform.messaging',
      rules: [
        {
          alert: 'PlatformOutboxNotDraining',
          expr: `max by (job) (${m.outboxOldestPendingAge.name}{${JOBS}}) > 120`,
          for: '5m',
          labels: { severity: 'critical' },
          annotations: {
            summary: '{{ $labels.job }} has had an event waiting in its outbox for {{ $value | humanizeDuration }}',
            description:
              'The relay cannot publish (broker unreachable, publisher confirms refused, or no replica relays). Events are safe in the database; consumers see nothing new until it drains.',
          },
        },
        {
          alert: 'PlatformDeadLetterQueueNotEmpty',
          expr: `max by (queue) (${m.deadLetterQueueMessages.name}) > 0`,
          for: '5m',
          labels: { severity: 'warning' },
          annotations: {
            summary: '{{ $value }} message(s) parked in the dead-letter queue of {{ $labels.queue }}',
            description:
              'Inspect and replay with `node dist/dlq.js <service|worker> list | show <id> | replay <id>` in a pod of the consuming service.',
          },
        },
        {
          alert: 'PlatformWorkerBacklog',
          expr: `max by (queue) (${m.queueReadyMessages.name}{queue=~".*media-worker"}) > 50`,
          for: '10m',
          labels: { severity: 'warning' },
          annotations: {
            summary: '{{ $value }} images waiting for the media worker for 10 minutes',
            description:
              'The worker autoscaler (KEDA) should be adding replicas: check its ScaledObject and the node pool.',
          },
        },
        {
          alert: 'PlatformConsumerLag',
          expr: `max by (queue) (${m.queueReadyMessages.name}{queue!~".*media-worker"}) > 1000`,
          for: '10m',
          labels: { severity: 'warning' },
          annotations: {
            summary: '{{ $labels.queue }} has {{ $value }} events waiting: its consumers are falling behind',
            description: 'Read models (progress) lag behind catalog; check the consumer pods and the database.',
          },
        },
        {
          alert: 'PlatformEventLatencyHigh',
          expr: `histogram_quantile(0.95, sum by (le, queue) (rate(${m.eventEndToEnd.name}_bucket[10m]))) > 30`,
          for: '15m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'Events reach {{ $labels.queue }} {{ $value | humanizeDuration }} after they occurred (p95)',
            description: 'The outbox, the broker or the consumer is slow; the platform dashboard shows which.',
          },
        },
      ],
    },
    {
      name: 'learning-platform.resources',
      rules: [
        {
          alert: 'PlatformDatabasePoolExhausted',
          expr: `max by (job) (${m.dbConnectionPendingRequests.name}{${JOBS}}) > 0`,
          for: '5m',
          labels: { severity: 'warning' },
          annotations: {
            summary: '{{ $labels.job }} has queries waiting for a database connection',
            description:
              'Raise DATABASE_POOL_MAX (within the database’s max_connections) or lower the consumer prefetch.',
          },
        },
        {
          alert: 'PlatformImagePipelineSlow',
          expr: `histogram_quantile(0.95, sum by (le) (rate(${m.imagePipeline.name}_bucket[15m]))) > 60`,
          for: '15m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'Covers take {{ $value | humanizeDuration }} from upload to variants (p95)',
            description: 'See the media worker dashboard: backlog, retries, processing time.',
          },
        },
        {
          alert: 'PlatformTargetDown',
          expr: `up{${JOBS}} == 0`,
          for: '5m',
          labels: { severity: 'critical' },
          annotations: {
            summary: 'Prometheus cannot scrape {{ $labels.job }} ({{ $labels.pod }})',
            description:
              'The pod is down or its metrics port is unreachable (NetworkPolicy from the monitoring namespace).',
          },
        },
      ],
    },
  ];
}
