import type { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ApiObject, Chart, type ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { PART_OF, podSelectorLabels } from '../labels';
import { platformRuleGroups } from '../monitoring/alert-rules';
import { platformDashboard, serviceDashboard } from '../monitoring/dashboards';
import { scrapeTargets } from '../monitoring/scrape-targets';

export interface PrometheusMonitoringChartProps extends ChartProps {
  /**
   * Labels the Prometheus Operator selects monitors and rules by (kube-prometheus-stack:
   * `release: <its release name>`).
   * @default - none
   */
  readonly selectorLabels?: Readonly<Record<string, string>>;
  /** @default '30s' */
  readonly scrapeInterval?: string;
}

/**
 * What the Prometheus Operator needs to watch the platform (CRDs of monitoring.coreos.com): a
 * PodMonitor per process (the `job` label is the pods' `app.kubernetes.io/name`) and the
 * PrometheusRule with the SLO burn-rate and messaging alerts.
 */
export class PrometheusMonitoringChart extends Chart {
  constructor(scope: Construct, id: string, props: PrometheusMonitoringChartProps = {}) {
    super(scope, id, props);
    const labels = { 'app.kubernetes.io/part-of': PART_OF, ...props.selectorLabels };
    for (const target of scrapeTargets()) {
      const monitor: IPodMonitor = {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: { name: target.name, labels },
        spec: {
          jobLabel: 'app.kubernetes.io/name',
          selector: { matchLabels: podSelectorLabels(target.name, target.component) },
          podMetricsEndpoints: [
            { port: target.port, path: target.path, interval: props.scrapeInterval ?? '30s', scheme: 'http' },
          ],
        },
      };
      new ApiObject(this, `${target.name}-pod-monitor`, monitor);
    }
    const rule: IPrometheusRule = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: PART_OF, labels },
      spec: {
        groups: platformRuleGroups().map((group) => ({
          name: group.name,
          rules: group.rules.map((entry) => ({ ...entry })),
        })),
      },
    };
    new ApiObject(this, 'rules', rule);
  }
}

/** The label Grafana's dashboard sidecar (kube-prometheus-stack) loads ConfigMaps by. */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;

/**
 * Grafana dashboards as ConfigMaps for the sidecar: the platform's overview and one per process.
 * They need only a Prometheus data source (picked in the dashboard's `datasource` variable).
 */
export class GrafanaDashboardsChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    const dashboards = [platformDashboard(), ...scrapeTargets().map((target) => serviceDashboard(target))];
    for (const dashboard of dashboards) {
      new kplus.ConfigMap(this, `${dashboard.uid}-dashboard`, {
        metadata: {
          name: `${dashboard.uid}-dashboard`,
          labels: { 'app.kubernetes.io/part-of': PART_OF, ...GRAFANA_DASHBOARD_LABEL },
          annotations: { grafana_folder: 'Learning platform' },
        },
        data: { [`${dashboard.uid}.json`]: JSON.stringify(dashboard, null, 2) },
      });
    }
  }
}
