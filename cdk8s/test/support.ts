import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { kedaSh } from '@kubernetes-models/keda';
import { App, type Chart } from 'cdk8s';
import { apps, autoscaling, batch, networkingK8sIo, policy, v1 } from 'kubernetes-models';
import { parseAllDocuments, stringify } from 'yaml';
import { DevInfraChart } from '../src/charts/dev-infra.chart';
import { MigrationsChart } from '../src/charts/migrations.chart';
import { PlatformChart, type WorkloadMode } from '../src/charts/platform.chart';
import { MINIKUBE_IMAGES, MINIKUBE_PLATFORM } from '../src/environments';
import { HELM_VALUES, helmChartFiles } from '../src/helm/helm-chart';

export const repoRoot = resolve(__dirname, '..', '..');

/** A Kubernetes object as synthesized. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [key: string]: any };
  [key: string]: any;
};

/** A placeholder, not a key: synthesis only copies the value into the dev-infra Secret. */
export const TEST_SIGNING_KEY = 'test-only-signing-key-placeholder';

export function platformChart(mode: WorkloadMode = 'standard'): PlatformChart {
  return new PlatformChart(new App(), 'platform', { ...MINIKUBE_PLATFORM, mode });
}

/** The charts `npm run synth` writes to dist/k8s/minikube, by file name, synthesized in-process. */
export function minikubeCharts(): Map<string, Chart> {
  const app = new App();
  return new Map<string, Chart>([
    ['dev-infra.yaml', new DevInfraChart(app, 'dev-infra', { jwtPrivateKey: TEST_SIGNING_KEY })],
    ['migrations.yaml', new MigrationsChart(app, 'migrations', { images: MINIKUBE_IMAGES })],
    ['platform.yaml', new PlatformChart(app, 'platform', { ...MINIKUBE_PLATFORM, mode: 'standard' })],
    ['platform-dev-sync.yaml', new PlatformChart(app, 'platform-dev-sync', { ...MINIKUBE_PLATFORM, mode: 'dev-sync' })],
    ['platform-debug.yaml', new PlatformChart(app, 'platform-debug', { ...MINIKUBE_PLATFORM, mode: 'debug' })],
  ]);
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
  ingress: {
    ...HELM_VALUES.ingress,
    className: 'alb',
    host: 'learn.example.com',
    annotations: {
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/target-type': 'ip',
    },
  },
  networkPolicy: { ...HELM_VALUES.networkPolicy, loadBalancerSourceCidr: '10.40.0.0/22' },
};

/**
 * Renders the chart's templates as `helm template` would for the subset they use (`{{ .Values.a.b }}`,
 * `{{ .Values.image.tag | default .Chart.AppVersion }}` and `{{- toYaml .Values.a | nindent N }}`),
 * and fails on any other template action.
 */
export function renderHelmTemplate(template: string, values: object, appVersion: string): KubeObject[] {
  const lookup = (path: string): string => {
    const found = path.split('.').reduce<any>((node, key) => (node == null ? undefined : node[key]), values);
    if (typeof found !== 'string') throw new Error(`.Values.${path} is not a string value`);
    return found;
  };
  // `key: {{- toYaml .Values.a | nindent N }}`: the value as YAML on the following lines, indented N.
  const withMaps = template.replace(
    /[ \t]*\{\{-\s*toYaml \.Values\.([\w.]+) \| nindent (\d+)\s*\}\}/g,
    (_match, path: string, indent: string) => {
      const found = path.split('.').reduce<any>((node, key) => (node == null ? undefined : node[key]), values);
      if (typeof found !== 'object' || found === null) throw new Error(`.Values.${path} is not a map`);
      const yaml = Object.keys(found).length === 0 ? '{}' : stringify(found).trimEnd();
      return `\n${yaml.replace(/^/gm, ' '.repeat(Number(indent)))}`;
    },
  );
  const rendered = withMaps.replace(/\{\{-?\s*([^}]*?)\s*-?\}\}/g, (_match, action: string) => {
    const withDefault = /^\.Values\.([\w.]+)\s*\|\s*default\s+\.Chart\.AppVersion$/.exec(action);
    if (withDefault) return lookup(withDefault[1]!) || appVersion;
    const plain = /^\.Values\.([\w.]+)$/.exec(action);
    if (plain) return lookup(plain[1]!);
    throw new Error(`unsupported template action {{ ${action} }}`);
  });
  return parseAllDocuments(rendered).map((document) => document.toJS() as KubeObject);
}

export function renderedHelmChart(values: object = TEST_RELEASE_VALUES): KubeObject[] {
  const files = helmChartFiles();
  const appVersion = /^appVersion: (.+)$/m.exec(files.get('Chart.yaml')!)![1]!;
  return [...files]
    .filter(([file]) => file.startsWith('templates/') && file.endsWith('.yaml'))
    .flatMap(([, content]) => renderHelmTemplate(content, values, appVersion));
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
