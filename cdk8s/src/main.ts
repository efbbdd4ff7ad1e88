/**
 * `npm run synth`: the minikube manifests (dist/k8s/minikube/*.yaml, for skaffold) and the Helm chart
 * of the platform (charts/learning-platform/, committed, for EKS). The only file that calls synth().
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { App, YamlOutputType } from 'cdk8s';
import { DevInfraChart } from './charts/dev-infra.chart';
import { MigrationsChart } from './charts/migrations.chart';
import { PlatformChart } from './charts/platform.chart';
import { MINIKUBE_IMAGES, MINIKUBE_PLATFORM } from './environments';
import { HELM_CHART_NAME, helmChartFiles } from './helm/helm-chart';

const repoRoot = resolve(__dirname, '..', '..');

/** identity's signing key for minikube: made once per checkout, kept in the git-ignored .platform/. */
function minikubeSigningKey(): string {
  const file = join(repoRoot, '.platform', 'minikube-jwt-private-key.pem');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8');
}

function synthMinikube(): string {
  const outdir = join(repoRoot, 'dist', 'k8s', 'minikube');
  rmSync(outdir, { recursive: true, force: true });
  const app = new App({ outdir, outputFileExtension: '.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  new DevInfraChart(app, 'dev-infra', { jwtPrivateKey: minikubeSigningKey() });
  new MigrationsChart(app, 'migrations', { images: MINIKUBE_IMAGES });
  new PlatformChart(app, 'platform', { ...MINIKUBE_PLATFORM, mode: 'standard' });
  new PlatformChart(app, 'platform-dev-sync', { ...MINIKUBE_PLATFORM, mode: 'dev-sync' });
  new PlatformChart(app, 'platform-debug', { ...MINIKUBE_PLATFORM, mode: 'debug' });
  app.synth();
  return outdir;
}

function writeHelmChart(): string {
  const chartDir = join(repoRoot, 'charts', HELM_CHART_NAME);
  rmSync(chartDir, { recursive: true, force: true });
  for (const [file, content] of helmChartFiles()) {
    mkdirSync(dirname(join(chartDir, file)), { recursive: true });
    writeFileSync(join(chartDir, file), content);
  }
  return chartDir;
}

const minikube = synthMinikube();
const chart = writeHelmChart();
console.log(`minikube manifests: ${minikube}\nHelm chart: ${chart}`);
