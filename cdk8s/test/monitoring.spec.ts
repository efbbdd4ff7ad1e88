import { parser } from '@prometheus-io/lezer-promql';
import { PLATFORM_METRICS } from '@platform/contracts';
import Ajv from 'ajv';
import { platformRuleGroups } from '../src/monitoring/alert-rules';
import { byKind, type KubeObject, renderedHelmChart, TEST_RELEASE_VALUES, validateKubeObject } from './support';

const WITH_OPERATOR = ['monitoring.coreos.com/v1'];
const enabled = { ...TEST_RELEASE_VALUES, monitoring: { enabled: true, prometheusRelease: 'observability' } };
const PROCESSES = ['identity', 'catalog', 'progress', 'media', 'media-worker'];

/** Grafana's dashboard model, the part these dashboards use (grafana.com/docs: dashboard JSON model). */
const DASHBOARD_SCHEMA = {
  type: 'object',
  required: ['uid', 'title', 'schemaVersion', 'panels', 'templating', 'time'],
  properties: {
    uid: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,40}$' },
    title: { type: 'string', minLength: 1 },
    schemaVersion: { type: 'integer', minimum: 36 },
    time: { type: 'object', required: ['from', 'to'] },
    templating: {
      type: 'object',
      required: ['list'],
      properties: {
        list: { type: 'array', contains: { type: 'object', properties: { name: { const: 'datasource' } } } },
      },
    },
    panels: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'type', 'title', 'gridPos', 'datasource', 'targets'],
        properties: {
          id: { type: 'integer', minimum: 1 },
          type: { enum: ['timeseries', 'stat'] },
          gridPos: {
            type: 'object',
            required: ['x', 'y', 'w', 'h'],
            properties: {
              x: { type: 'integer', minimum: 0, maximum: 23 },
              w: { type: 'integer', minimum: 1, maximum: 24 },
              y: { type: 'integer', minimum: 0 },
              h: { type: 'integer', minimum: 1 },
            },
          },
          datasource: {
            type: 'object',
            required: ['type', 'uid'],
            properties: { type: { const: 'prometheus' }, uid: { const: '${datasource}' } },
          },
          targets: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['refId', 'expr'],
              properties: { refId: { type: 'string' }, expr: { type: 'string', minLength: 1 } },
            },
          },
        },
      },
    },
  },
};

interface Dashboard {
  uid: string;
  panels: Array<{ title: string; targets: Array<{ expr: string; legendFormat: string }> }>;
}

function dashboardsOf(objects: readonly KubeObject[]): Dashboard[] {
  return byKind(objects, 'ConfigMap')
    .filter((map) => map.metadata.labels?.grafana_dashboard === '1')
    .flatMap((map) => Object.values(map.data as Record<string, string>).map((json) => JSON.parse(json) as Dashboard));
}

/** Metric names a PromQL expression selects; throws on a syntax error. */
function selectedMetrics(expr: string): string[] {
  const tree = parser.parse(expr);
  const names: string[] = [];
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) throw new Error(`PromQL syntax error at ${cursor.from} in: ${expr}`);
    if (cursor.name === 'VectorSelector') {
      const child = cursor.node.getChild('Identifier');
      if (child) names.push(expr.slice(child.from, child.to));
    }
  } while (cursor.next());
  return names;
}

/** Every series name the processes export: each metric, and a histogram's _bucket, _count and _sum. */
const EXPORTED = new Set(
  Object.values(PLATFORM_METRICS).flatMap((metric) =>
    metric.type === 'histogram'
      ? [`${metric.name}_bucket`, `${metric.name}_count`, `${metric.name}_sum`]
      : [metric.name],
  ),
);

describe('monitoring objects shipped with the Helm chart', () => {
  it('renders none of them by default', () => {
    const objects = renderedHelmChart();
    expect(byKind(objects, 'PodMonitor')).toEqual([]);
    expect(byKind(objects, 'PrometheusRule')).toEqual([]);
    expect(dashboardsOf(objects)).toEqual([]);
  });

  it('when enabled on a cluster without the Prometheus Operator, renders the dashboards only', () => {
    const objects = renderedHelmChart(enabled);
    expect(byKind(objects, 'PodMonitor')).toEqual([]);
    expect(byKind(objects, 'PrometheusRule')).toEqual([]);
    expect(dashboardsOf(objects)).toHaveLength(1 + PROCESSES.length);
  });

  describe('when enabled where the CRDs exist', () => {
    const objects = renderedHelmChart(enabled, WITH_OPERATOR);
    const monitors = byKind(objects, 'PodMonitor');
    const [rule] = byKind(objects, 'PrometheusRule');
    const dashboards = dashboardsOf(objects);

    it('every object is valid against its schema (CRDs of monitoring.coreos.com, Kubernetes, Grafana)', () => {
      for (const object of [...monitors, rule!, ...byKind(objects, 'ConfigMap')]) {
        expect(() => validateKubeObject(object)).not.toThrow();
      }
      const validate = new Ajv({ allErrors: true, strict: false }).compile(DASHBOARD_SCHEMA);
      for (const dashboard of dashboards) {
        expect({ uid: dashboard.uid, valid: validate(dashboard), errors: validate.errors ?? null }).toEqual({
          uid: dashboard.uid,
          valid: true,
          errors: null,
        });
      }
    });

    it('scrapes every process on a port its pods declare, labelled for the Prometheus release', () => {
      expect(monitors.map((monitor) => monitor.metadata.name).sort()).toEqual([...PROCESSES].sort());
      const deployments = byKind(objects, 'Deployment');
      for (const monitor of monitors) {
        expect(monitor.metadata.labels).toMatchObject({ release: 'observability' });
        expect(monitor.spec.jobLabel).toBe('app.kubernetes.io/name');
        const selected = deployments.filter((deployment) =>
          Object.entries(monitor.spec.selector.matchLabels).every(
            ([key, value]) => deployment.spec.template.metadata.labels[key] === value,
          ),
        );
        expect(selected.map((deployment) => deployment.metadata.name)).toEqual([monitor.metadata.name]);
        const ports = selected[0]!.spec.template.spec.containers.flatMap(
          (container: { ports?: Array<{ name: string }> }) => container.ports ?? [],
        );
        for (const endpoint of monitor.spec.podMetricsEndpoints) {
          expect(ports.map((port: { name: string }) => port.name)).toContain(endpoint.port);
        }
      }
    });

    it("keeps the alerts' and legends' own template actions out of Helm's way", () => {
      const annotations = JSON.stringify(rule!.spec.groups);
      expect(annotations).toContain('{{ $labels.job }}');
      expect(JSON.stringify(dashboards)).toContain('{{job}}');
    });

    it('has SLO burn-rate alerts on errors and latency, and the messaging and worker alerts, each with a severity', () => {
      const alerts = rule!.spec.groups.flatMap((group: { rules: Array<Record<string, any>> }) =>
        group.rules.filter((entry) => entry.alert),
      );
      const names = new Set(alerts.map((alert: { alert: string }) => alert.alert));
      for (const name of [
        'PlatformErrorBudgetBurn',
        'PlatformLatencyBudgetBurn',
        'PlatformOutboxNotDraining',
        'PlatformDeadLetterQueueNotEmpty',
        'PlatformWorkerBacklog',
      ]) {
        expect(names).toContain(name);
      }
      for (const alert of alerts) {
        expect(['critical', 'warning']).toContain(alert.labels.severity);
        expect(alert.annotations.summary).toBeTruthy();
      }
      // Multi-window: each burn-rate alert needs its long and its short window above the factor.
      const burns = alerts.filter((alert: { alert: string }) => alert.alert.endsWith('BudgetBurn'));
      expect(burns).toHaveLength(8);
      for (const burn of burns) expect(burn.expr).toMatch(/^platform:\w+:rate\w+ > \(.+\) and platform:\w+:rate\w+ > /);
    });

    it('queries only metrics the services export (PLATFORM_METRICS) or the rules record, in valid PromQL', () => {
      const recorded = new Set(
        platformRuleGroups().flatMap((group) => group.rules.flatMap((entry) => (entry.record ? [entry.record] : []))),
      );
      const expressions = [
        ...rule!.spec.groups.flatMap((group: { rules: Array<{ expr: string }> }) => group.rules.map((r) => r.expr)),
        ...dashboards.flatMap((dashboard) => dashboard.panels.flatMap((panel) => panel.targets.map((t) => t.expr))),
      ];
      expect(expressions.length).toBeGreaterThan(50);
      const unknown = expressions
        .flatMap((expr) => selectedMetrics(expr))
        .filter((name) => !EXPORTED.has(name) && !recorded.has(name) && name !== 'up');
      expect(unknown).toEqual([]);
    });
  });

  it('the PromQL check catches a metric nobody exports and a syntax error (it is not a no-op)', () => {
    expect(selectedMetrics('sum(rate(http_requests_total{job="x"}[5m]))')).toEqual(['http_requests_total']);
    expect(EXPORTED.has('http_requests_total')).toBe(false);
    expect(() => selectedMetrics('sum(rate(http_request_duration_seconds_count[5m])')).toThrow(/syntax/);
    const [monitor] = byKind(renderedHelmChart(enabled, WITH_OPERATOR), 'PodMonitor');
    const broken = structuredClone(monitor!);
    broken.spec.podMetricsEndpoints[0].port = 9090;
    expect(() => validateKubeObject(broken)).toThrow();
  });
});
