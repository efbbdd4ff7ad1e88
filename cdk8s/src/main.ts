/**
 * `npm run synth`: the minikube manifests (cdk8s/manifests/minikube/*.yaml, committed, for
 * skaffold), minikube's Secret platform-secrets (.platform/minikube/, per checkout) and the Helm
 * chart of the platform (charts/learning-platform/, committed, for EKS). The only file that calls synth().
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { App, Yaml } from 'cdk8s';
import { DevSecretsChart } from './charts/dev-secrets.chart';
import { HELM_CHART_NAME, helmChartFiles } from './helm/helm-chart';
import { MINIKUBE_MANIFESTS_DIR, MINIKUBE_SECRETS_FILE, minikubeCharts } from './minikube-manifests';

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
  const charts = minikubeCharts(new App());
  const target = join(repoRoot, MINIKUBE_MANIFESTS_DIR);
  syncFiles(target, new Map([...charts].map(([file, chart]) => [file, Yaml.stringify(...chart.toJson())])));
  const secrets = new DevSecretsChart(new App(), 'platform-secrets', { jwtPrivateKey: minikubeSigningKey() });
  const secretsFile = join(repoRoot, MINIKUBE_SECRETS_FILE);
  mkdirSync(dirname(secretsFile), { recursive: true });
  writeFileSync(secretsFile, Yaml.stringify(...secrets.toJson()), { mode: 0o600 });
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
