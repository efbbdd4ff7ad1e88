import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { kedaSh } from '@kubernetes-models/keda';
import { PodMonitor, PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { App, type Chart } from 'cdk8s';
import { apps, autoscaling, batch, networkingK8sIo, policy, v1 } from 'kubernetes-models';
import { parseAllDocuments } from 'yaml';
import { PlatformChart, type WorkloadMode } from '../src/charts/platform.chart';
import { MINIKUBE_PLATFORM } from '../src/environments';
import { minikubeCharts as synthMinikubeCharts } from '../src/minikube-manifests';
import { HELM_CHART_NAME, HELM_VALUES, helmChartFiles } from '../src/helm/helm-chart';
import { helm, valuesFile, writeChart } from './helm-cli';

export const repoRoot = resolve(__dirname, '..', '..');

/** A Kubernetes object as synthesized. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [key: string]: any };
  [key: string]: any;
};

/** A placeholder, not a key: synthesis only copies the value into minikube's Secret. */
export const TEST_SIGNING_KEY = 'test-only-signing-key-placeholder';

export function platformChart(mode: WorkloadMode = 'standard'): PlatformChart {
  return new PlatformChart(new App(), 'platform', { ...MINIKUBE_PLATFORM, mode });
}

/** The charts `npm run synth` writes to cdk8s/manifests/minikube, by file name, synthesized in-process. */
export function minikubeCharts(): Map<string, Chart> {
  return synthMinikubeCharts(new App());
}

export function objectsOf(chart: Chart): KubeObject[] {
  return chart.toJson() as KubeObject[];
}

export function byKind(objects: readonly KubeObject[], kind: string): KubeObject[] {
  return objects.filter((object) => object.kind === kind);
}

export function named(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

/** Values a release on EKS would set on top of values.yaml (the host is required). */
export const TEST_RELEASE_VALUES = {
  ...HELM_VALUES,
  image: { registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/learning-platform', tag: '' },
  ingress: { ...HELM_VALUES.ingress, host: 'learn.example.com' },
};

/** A release behind an ALB of the AWS Load Balancer Controller, as Pulumi sets it (docs/kubernetes.md). */
export const ALB_RELEASE_VALUES = {
  ...TEST_RELEASE_VALUES,
  ingress: {
    ...TEST_RELEASE_VALUES.ingress,
    className: 'alb',
    annotations: {
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS": 443}]',
      'alb.ingress.kubernetes.io/certificate-arn': 'arn:aws:acm:eu-west-1:123456789012:certificate/0000-test',
    },
  },
  networkPolicy: { ...TEST_RELEASE_VALUES.networkPolicy, loadBalancerCidrs: ['10.0.0.0/16'] },
};

const rendered = new Map<string, KubeObject[]>();

/** API versions the cluster serves beyond Kubernetes' own (`helm template --api-versions`). */
export type Capabilities = readonly string[];

/** The Helm chart as synthesized now, rendered by the real helm (`helm template`) with these values. */
export function renderedHelmChart(values: object = TEST_RELEASE_VALUES, capabilities: Capabilities = []): KubeObject[] {
  const key = JSON.stringify([values, capabilities]);
  if (!rendered.has(key)) {
    const chart = writeChart(helmChartFiles(), HELM_CHART_NAME);
    try {
      const output = helm([
        'template',
        HELM_CHART_NAME,
        chart,
        '--namespace',
        HELM_CHART_NAME,
        '--values',
        valuesFile(dirname(chart), 'release', values),
        ...capabilities.flatMap((version) => ['--api-versions', version]),
      ]);
      rendered.set(
        key,
        parseAllDocuments(output)
          .map((document) => document.toJS() as KubeObject | null)
          .filter((object): object is KubeObject => object !== null),
      );
    } finally {
      rmSync(dirname(chart), { recursive: true, force: true });
    }
  }
  return structuredClone(rendered.get(key)!);
}

type Model = new (data: any) => { validate(): void };
const MODELS: Record<string, Model> = {
  'v1/ConfigMap': v1.ConfigMap,
  'v1/Secret': v1.Secret,
  'v1/Service': v1.Service,
  'v1/ServiceAccount': v1.ServiceAccount,
  'apps/v1/Deployment': apps.v1.Deployment,
  'apps/v1/StatefulSet': apps.v1.StatefulSet,
  'batch/v1/Job': batch.v1.Job,
  'autoscaling/v2/HorizontalPodAutoscaler': autoscaling.v2.HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': policy.v1.PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': networkingK8sIo.v1.Ingress,
  'networking.k8s.io/v1/NetworkPolicy': networkingK8sIo.v1.NetworkPolicy,
  'keda.sh/v1alpha1/ScaledObject': kedaSh.v1alpha1.ScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': kedaSh.v1alpha1.TriggerAuthentication,
  'monitoring.coreos.com/v1/PodMonitor': PodMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

/** Validates an object against the Kubernetes (or KEDA) OpenAPI schema of its kind; throws what is wrong. */
export function validateKubeObject(object: KubeObject): void {
  const model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  new model(object).validate();
}

export function readRepoFile(...path: string[]): string {
  return readFileSync(join(repoRoot, ...path), 'utf8');
}
