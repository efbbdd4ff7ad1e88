/**
 * `npm run synth`: the minikube manifests (dist/k8s/minikube/*.yaml, for skaffold) and the Helm chart
 * of the platform (charts/learning-platform/, committed, for EKS). The only file that calls synth().
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
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

/**
 * Makes `dir` hold exactly `files`, writing only what changed: skaffold watches these files, and a
 * rewrite with the same content must not start another deploy.
 */
function syncFiles(dir: string, files: ReadonlyMap<string, string>): void {
  const existing = existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }) : [];
  for (const entry of existing) {
    const file = relative(dir, join(entry.parentPath, entry.name));
    if (entry.isFile() && !files.has(file)) rmSync(join(dir, file));
  }
  for (const [file, content] of files) {
    const target = join(dir, file);
    if (existsSync(target) && readFileSync(target, 'utf8') === content) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

function synthMinikube(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk8s-'));
  const app = new App({ outdir, outputFileExtension: '.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  new DevInfraChart(app, 'dev-infra', { jwtPrivateKey: minikubeSigningKey() });
  new MigrationsChart(app, 'migrations', { images: MINIKUBE_IMAGES });
  new PlatformChart(app, 'platform', { ...MINIKUBE_PLATFORM, mode: 'standard' });
  new PlatformChart(app, 'platform-dev-sync', { ...MINIKUBE_PLATFORM, mode: 'dev-sync' });
  new PlatformChart(app, 'platform-debug', { ...MINIKUBE_PLATFORM, mode: 'debug' });
  app.synth();
  const target = join(repoRoot, 'dist', 'k8s', 'minikube');
  syncFiles(target, new Map(readdirSync(outdir).map((file) => [file, readFileSync(join(outdir, file), 'utf8')])));
  rmSync(outdir, { recursive: true, force: true });
  return target;
}

function writeHelmChart(): string {
  const chartDir = join(repoRoot, 'charts', HELM_CHART_NAME);
  syncFiles(chartDir, helmChartFiles());
  return chartDir;
}

const minikube = synthMinikube();
const chart = writeHelmChart();
console.log(`minikube manifests: ${minikube}\nHelm chart: ${chart}`);
