import { PLATFORM_METRICS } from '@platform/contracts';
import type { ScrapeTarget } from './scrape-targets';

/** The part of Grafana's dashboard JSON model these dashboards use (schemaVersion 39). */
export interface GrafanaDashboard {
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly schemaVersion: number;
  readonly time: { readonly from: string; readonly to: string };
  readonly refresh: string;
  readonly templating: { readonly list: readonly object[] };
  readonly panels: readonly GrafanaPanel[];
}

export interface GrafanaPanel {
  readonly id: number;
  readonly type: 'timeseries' | 'stat';
  readonly title: string;
  readonly description?: string;
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly datasource: { readonly type: 'prometheus'; readonly uid: string };
  readonly targets: ReadonlyArray<{ readonly refId: string; readonly expr: string; readonly legendFormat: string }>;
  readonly fieldConfig: { readonly defaults: { readonly unit: string }; readonly overrides: readonly object[] };
}

type Query = readonly [expr: string, legend: string];
interface PanelSpec {
  readonly title: string;
  readonly unit: string;
  readonly queries: readonly Query[];
  readonly description?: string;
  readonly type?: 'timeseries' | 'stat';
}

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' } as const;
const m = PLATFORM_METRICS;

/** Panels two a row, 12 columns wide, 8 high, in the order given. */
function dashboard(uid: string, title: string, panels: readonly PanelSpec[]): GrafanaDashboard {
  return {
    uid,
    title,
    tags: ['learning-platform'],
    schemaVersion: 39,
    time: { from: 'now-6h', to: 'now' },
    refresh: '30s',
    templating: {
      list: [{ name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {} }],
    },
    panels: panels.map((panel, index) => ({
      id: index + 1,
      type: panel.type ?? 'timeseries',
      title: panel.title,
      ...(panel.description ? { description: panel.description } : {}),
      gridPos: { x: (index % 2) * 12, y: Math.floor(index / 2) * 8, w: 12, h: 8 },
      datasource: DATASOURCE,
      targets: panel.queries.map(([expr, legendFormat], query) => ({
        refId: String.fromCharCode(65 + query),
        expr,
        legendFormat,
      })),
      fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
    })),
  };
}

const requests = m.httpRequestDuration.name;
const rate = (selector: string, window = '5m') => `sum by (job) (rate(${selector}[${window}]))`;

/** The rollout view: every service's RED, the event flow end to end, the worker, the pools. */
export function platformDashboard(): GrafanaDashboard {
  return dashboard('learning-platform', 'Learning platform / overview', [
    {
      title: 'Requests per second by service',
      unit: 'reqps',
      queries: [[rate(`${requests}_count`), '{{job}}']],
    },
    {
      title: 'Error ratio (5xx) by service',
      unit: 'percentunit',
      description: 'Against the availability SLO (99.5 %): the burn-rate alerts fire when it stays above 0.5 %.',
      queries: [[`platform:http_error_ratio:rate5m`, '{{job}}']],
    },
    {
      title: 'Latency p95 by service',
      unit: 's',
      queries: [[`histogram_quantile(0.95, sum by (le, job) (rate(${requests}_bucket[5m])))`, '{{job}}']],
    },
    {
      title: 'Requests slower than 0.5 s (latency SLO 99 %)',
      unit: 'percentunit',
      queries: [[`platform:http_slow_ratio:rate5m`, '{{job}}']],
    },
    {
      title: 'Oldest unpublished outbox event',
      unit: 's',
      description: 'Grows while a relay cannot publish (broker away); alert after 2 minutes.',
      queries: [[`max by (job) (${m.outboxOldestPendingAge.name})`, '{{job}}']],
    },
    {
      title: 'Event end to end p95 (occurred → applied) by queue',
      unit: 's',
      queries: [
        [`histogram_quantile(0.95, sum by (le, queue) (rate(${m.eventEndToEnd.name}_bucket[5m])))`, '{{queue}}'],
      ],
    },
    {
      title: 'Consumer lag (messages ready) by queue',
      unit: 'short',
      queries: [[`max by (queue) (${m.queueReadyMessages.name})`, '{{queue}}']],
    },
    {
      title: 'Dead-lettered messages by queue',
      unit: 'short',
      queries: [[`max by (queue) (${m.deadLetterQueueMessages.name})`, '{{queue}}']],
    },
    {
      title: 'Image pipeline p95 (upload → variants)',
      unit: 's',
      queries: [
        [`histogram_quantile(0.95, sum by (le) (rate(${m.imagePipeline.name}_bucket[5m])))`, 'p95'],
        [`sum(rate(${m.imagesProcessed.name}[5m])) by (outcome)`, '{{outcome}} per second'],
      ],
    },
    {
      title: 'Database pool in use (of max) by service',
      unit: 'percentunit',
      queries: [
        [
          `max by (job) (${m.dbConnectionCount.name}{state="used"}) / max by (job) (${m.dbConnectionMax.name})`,
          '{{job}}',
        ],
      ],
    },
  ]);
}

/** One process's own view: its routes, its events, its pool and its runtime. */
export function serviceDashboard(target: ScrapeTarget): GrafanaDashboard {
  const job = `job="${target.name}"`;
  const panels: PanelSpec[] = [
    {
      title: 'Requests per second by route and status',
      unit: 'reqps',
      queries: [[`sum by (route, status_code) (rate(${requests}_count{${job}}[5m]))`, '{{route}} {{status_code}}']],
    },
    {
      title: 'Latency p95 by route',
      unit: 's',
      queries: [[`histogram_quantile(0.95, sum by (le, route) (rate(${requests}_bucket{${job}}[5m])))`, '{{route}}']],
    },
    {
      title: 'Errors (5xx) per second by route',
      unit: 'reqps',
      queries: [[`sum by (route) (rate(${requests}_count{${job},status_code=~"5.."}[5m]))`, '{{route}}']],
    },
    {
      title: 'Events published, consumed, retried, dead-lettered',
      unit: 'ops',
      queries: [
        [`sum by (type) (rate(${m.messagesConfirmed.name}{${job}}[5m]))`, 'published {{type}}'],
        [`sum by (type, outcome) (rate(${m.messagesConsumed.name}{${job}}[5m]))`, 'consumed {{type}} {{outcome}}'],
        [`sum by (type) (rate(${m.messagesRetried.name}{${job}}[5m]))`, 'retried {{type}}'],
        [`sum by (type) (rate(${m.messagesDeadLettered.name}{${job}}[5m]))`, 'dead-lettered {{type}}'],
      ],
    },
    {
      title: 'Outbox: pending events and the oldest one’s age',
      unit: 'short',
      queries: [
        [`max(${m.outboxPendingEvents.name}{${job}})`, 'pending'],
        [`max(${m.outboxOldestPendingAge.name}{${job}})`, 'oldest (s)'],
      ],
    },
    {
      title: 'Event end to end p95 by type',
      unit: 's',
      queries: [
        [`histogram_quantile(0.95, sum by (le, type) (rate(${m.eventEndToEnd.name}_bucket{${job}}[5m])))`, '{{type}}'],
      ],
    },
    {
      title: 'Database pool',
      unit: 'short',
      queries: [
        [`sum by (state) (${m.dbConnectionCount.name}{${job}})`, '{{state}}'],
        [`max(${m.dbConnectionMax.name}{${job}})`, 'max per pod'],
        [`sum(${m.dbConnectionPendingRequests.name}{${job}})`, 'waiting'],
      ],
    },
    {
      title: 'CPU, memory, event-loop lag p99',
      unit: 'short',
      queries: [
        [`sum by (pod) (rate(${m.processCpu.name}{${job}}[5m]))`, 'cpu cores {{pod}}'],
        [`max by (pod) (${m.processResidentMemory.name}{${job}}) / 2^20`, 'MiB {{pod}}'],
        [`max by (pod) (${m.eventLoopLagP99.name}{${job}}) * 1000`, 'lag ms {{pod}}'],
      ],
    },
  ];
  if (target.name === 'media-worker') {
    panels.push(
      {
        title: 'Image pipeline and processing p95',
        unit: 's',
        queries: [
          [
            `histogram_quantile(0.95, sum by (le) (rate(${m.imagePipeline.name}_bucket{${job}}[5m])))`,
            'upload → variants',
          ],
          [
            `histogram_quantile(0.95, sum by (le) (rate(${m.imageProcessing.name}_bucket{${job}}[5m])))`,
            'render + store',
          ],
        ],
      },
      {
        title: 'Worker backlog',
        unit: 'short',
        queries: [[`max by (queue) (${m.queueReadyMessages.name}{queue=~".*media-worker"})`, '{{queue}}']],
      },
    );
  }
  return dashboard(`learning-platform-${target.name}`, `Learning platform / ${target.name}`, panels);
}
