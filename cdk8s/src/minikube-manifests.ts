import type { App, Chart } from 'cdk8s';
import { assertValid } from './app-validation';
import { DevInfraChart } from './charts/dev-infra.chart';
import { MigrationsChart } from './charts/migrations.chart';
import { PlatformChart } from './charts/platform.chart';
import { MINIKUBE_IMAGES, MINIKUBE_PLATFORM } from './environments';

/**
 * Folder of the minikube manifests, relative to the repository root: committed, because skaffold
 * checks that every manifest file it names exists before its render hook (`npm run synth`) runs,
 * so a fresh clone must already hold them. A test fails when they differ from a fresh synth.
 */
export const MINIKUBE_MANIFESTS_DIR = 'cdk8s/manifests/minikube';

/** Secret `platform-secrets` of minikube (identity's key inside): per checkout, git-ignored. */
export const MINIKUBE_SECRETS_FILE = '.platform/minikube/platform-secrets.yaml';

/** The committed minikube manifests, by file name: the charts skaffold.yaml deploys, in its order. */
export function minikubeCharts(app: App): Map<string, Chart> {
  const charts = new Map<string, Chart>([
    ['dev-infra.yaml', new DevInfraChart(app, 'dev-infra', {})],
    ['migrations.yaml', new MigrationsChart(app, 'migrations', { images: MINIKUBE_IMAGES })],
    ['platform.yaml', new PlatformChart(app, 'platform', { ...MINIKUBE_PLATFORM, mode: 'standard' })],
    ['platform-dev-sync.yaml', new PlatformChart(app, 'platform-dev-sync', { ...MINIKUBE_PLATFORM, mode: 'dev-sync' })],
    ['platform-debug.yaml', new PlatformChart(app, 'platform-debug', { ...MINIKUBE_PLATFORM, mode: 'debug' })],
  ]);
  assertValid(app, 'minikube manifests');
  return charts;
}
