import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';
import { MINIKUBE_NAMESPACE } from '../src/charts/dev-infra.chart';
import { IMAGE_NAMES, imageRef } from '../src/images';
import { MINIKUBE_IMAGES } from '../src/environments';
import { MINIKUBE_MANIFESTS_DIR, MINIKUBE_SECRETS_FILE } from '../src/minikube-manifests';
import { byKind, minikubeCharts, objectsOf, readRepoFile, repoRoot } from './support';

// No skaffold binary runs here: the file is checked against skaffold's published JSON Schema and
// against what `npm run synth` writes.
const schemaFile = resolve(repoRoot, '..', 'shared', 'schemas', 'skaffold', 'v4beta13.json');
const configs = parseAllDocuments(readRepoFile('skaffold.yaml')).map((document) => document.toJS());
const config = (name: string) => configs.find((c) => c.metadata.name === name);

/** Every manifest file skaffold.yaml names, in any profile. */
const namedManifests = (): string[] =>
  configs.flatMap((c) => [
    ...c.manifests.rawYaml,
    ...(c.profiles ?? []).flatMap((p: any) =>
      (p.patches ?? []).filter((x: any) => x.path.startsWith('/manifests/rawYaml')).map((x: any) => x.value),
    ),
  ]);

/**
 * The context paths an artifact's image is built from, as skaffold finds them: the COPY sources of
 * its Dockerfile (build args substituted), every stage up to its target. skaffold hashes them for
 * the tag (inputDigest) and rebuilds the image when one of them changes.
 */
function imageInputs(artifact: any): string[] {
  const dockerfile = readRepoFile(artifact.docker.dockerfile).replace(/\\\n/g, ' ');
  const args: Record<string, string> = { ...(artifact.docker.buildArgs ?? {}) };
  const stages = new Map<string, { sources: string[]; reads: string[] }>();
  let current = { sources: [] as string[], reads: [] as string[] };
  let last = '';
  for (const line of dockerfile.split('\n').map((text) => text.trim())) {
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      current = { sources: [], reads: [from[1]!] };
      last = from[2] ?? `stage-${stages.size}`;
      stages.set(last, current);
      continue;
    }
    const copy = /^COPY\s+(.*)$/i.exec(line);
    if (!copy || copy[1]!.startsWith('<<')) continue;
    const stageRead = /--from=(\S+)/.exec(copy[1]!);
    if (stageRead) {
      current.reads.push(stageRead[1]!);
      continue;
    }
    const words = copy[1]!.split(/\s+/).filter((word) => !word.startsWith('--'));
    current.sources.push(
      ...words.slice(0, -1).map((word) => word.replace(/\$\{(\w+)\}/g, (_m, name: string) => args[name]!)),
    );
  }
  const inputs = new Set<string>([artifact.docker.dockerfile]);
  const visit = (name: string, seen: Set<string>): void => {
    const found = stages.get(name);
    if (!found || seen.has(name)) return;
    seen.add(name);
    for (const source of found.sources) inputs.add(source);
    for (const read of found.reads) visit(read, seen);
  };
  visit(artifact.docker.target ?? last, new Set());
  return [...inputs];
}

const isInput = (inputs: readonly string[], file: string): boolean =>
  inputs.some((input) => input === '.' || file === input || (input.endsWith('/') && file.startsWith(input)));

describe('skaffold.yaml', () => {
  it('is valid against the skaffold/v4beta13 schema, every config of it', () => {
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(configs).toHaveLength(3);
    for (const document of configs) {
      expect(document.apiVersion).toBe('skaffold/v4beta13');
      const valid = validate(document);
      expect({ config: document.metadata.name, errors: valid ? null : validate.errors }).toEqual({
        config: document.metadata.name,
        errors: null,
      });
    }
  });

  it('the schema check is not a no-op', () => {
    const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
    expect(validate({ ...config('platform'), deploy: { kubectl: { flagz: {} } } })).toBe(false);
  });

  it('deploys dev-infra, then the migration Jobs and waits for them, then the platform', () => {
    expect(configs.map((c) => c.metadata.name)).toEqual(['dev-infra', 'migrations', 'platform']);
    expect(config('dev-infra').manifests.rawYaml).toEqual([`${MINIKUBE_MANIFESTS_DIR}/dev-infra.yaml`]);
    expect(config('migrations').manifests.rawYaml).toEqual([`${MINIKUBE_MANIFESTS_DIR}/migrations.yaml`]);
    expect(config('platform').manifests.rawYaml).toEqual([`${MINIKUBE_MANIFESTS_DIR}/platform.yaml`]);
    const wait = config('migrations').deploy.kubectl.hooks.after[0].host.command.join(' ');
    expect(wait).toMatch(
      /kubectl .*wait --for=condition=complete job\s+--selector app.kubernetes.io\/component=migration/,
    );
    expect(config('dev-infra').manifests.hooks.before[0].host.command).toEqual(['npm', 'run', 'synth', '--silent']);
  });

  it('every manifest file it names is one that `npm run synth` writes', () => {
    const written = new Set([...minikubeCharts().keys()].map((file) => `${MINIKUBE_MANIFESTS_DIR}/${file}`));
    for (const file of namedManifests()) expect(written).toContain(file);
  });

  // skaffold refuses to start when a manifest file it names is missing, before its render hook
  // (`npm run synth`) could write it: a fresh clone must hold them all.
  it('names only manifest files a fresh clone has (committed, not build output)', () => {
    const tracked = execFileSync('git', ['ls-files', '--', MINIKUBE_MANIFESTS_DIR], { cwd: repoRoot, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    for (const file of namedManifests()) {
      expect(file).not.toMatch(/^dist\//);
      expect(tracked).toContain(file);
    }
  });

  it('deploys into the namespace the dev settings name (the broker’s FQDN, which KEDA resolves)', () => {
    for (const c of configs) {
      if (c.deploy)
        expect({ config: c.metadata.name, namespace: c.deploy.kubectl.defaultNamespace }).toEqual({
          config: c.metadata.name,
          namespace: MINIKUBE_NAMESPACE,
        });
    }
    const hookCommands = configs.flatMap((c) =>
      [...(c.deploy?.kubectl?.hooks?.before ?? []), ...(c.deploy?.kubectl?.hooks?.after ?? [])].map((hook: any) =>
        hook.host.command.join(' '),
      ),
    );
    expect(hookCommands.length).toBeGreaterThan(0);
    for (const command of hookCommands) expect(command).toContain(`--namespace ${MINIKUBE_NAMESPACE}`);
  });

  it('applies the per-checkout Secret platform-secrets (identity’s key) before dev-infra, from where synth writes it', () => {
    const before = config('dev-infra').deploy.kubectl.hooks.before.map((hook: any) => hook.host.command.join(' '));
    expect(before).toEqual([expect.stringMatching(new RegExp(`kubectl .* apply\\s+-f ${MINIKUBE_SECRETS_FILE}$`))]);
    expect(readRepoFile('.gitignore').split('\n')).toContain('.platform/');
  });

  it('a saved file is an input of the images built from it only', () => {
    const artifacts = config('migrations').build.artifacts;
    const inputs = (name: string) => imageInputs(artifacts.find((a: any) => a.image.endsWith(`/${name}`)));
    for (const artifact of artifacts) {
      const own = artifact.image.split('/').pop();
      const files = imageInputs(artifact);
      for (const other of IMAGE_NAMES.filter((name) => name !== own)) {
        expect({ own, file: isInput(files, `services/${other}/src/app.ts`) }).toEqual({ own, file: false });
      }
      for (const unrelated of [
        'docs/kubernetes.md',
        'cdk8s/src/main.ts',
        'pulumi/index.ts',
        'bench/README.md',
        'README.md',
      ]) {
        expect({ own, unrelated, input: isInput(files, unrelated) }).toEqual({ own, unrelated, input: false });
      }
      expect(isInput(files, `services/${own}/src/app.ts`)).toBe(true);
    }
    expect(isInput(inputs('catalog'), 'libs/contracts/src/index.ts')).toBe(true);
  });

  it('syncs only files that are inputs of the dev image (skaffold syncs only files it watches)', () => {
    const dev = config('migrations').profiles.find((p: any) => p.name === 'dev');
    const artifacts = structuredClone(config('migrations').build.artifacts);
    for (const patch of dev.patches.filter((p: any) => p.path.endsWith('/docker/target'))) {
      artifacts[Number(patch.path.split('/')[3])].docker.target = patch.value;
    }
    for (const patch of dev.patches.filter((p: any) => p.path.endsWith('/sync'))) {
      const artifact = artifacts[Number(patch.path.split('/')[3])];
      const files = imageInputs(artifact);
      for (const rule of patch.value.manual) {
        const example = rule.src.replace('**/*.ts', 'x/y.ts').replace('*', 'service-kit');
        expect({ rule: rule.src, input: isInput(files, example) }).toEqual({ rule: rule.src, input: true });
      }
    }
  });

  it('builds every image the manifests reference, each from its Dockerfile', () => {
    const artifacts = config('migrations').build.artifacts;
    expect(artifacts.map((a: any) => a.image)).toEqual(IMAGE_NAMES.map((name) => imageRef(MINIKUBE_IMAGES, name)));
    for (const artifact of artifacts) {
      expect(artifact.context).toBe('.');
      expect(existsSync(join(repoRoot, artifact.docker.dockerfile))).toBe(true);
    }
    const images = new Set(artifacts.map((a: any) => a.image));
    for (const [, chart] of minikubeCharts()) {
      for (const kind of ['Deployment', 'Job']) {
        for (const object of byKind(objectsOf(chart), kind)) {
          for (const container of object.spec.template.spec.containers) {
            if (container.image.startsWith(`${MINIKUBE_IMAGES.registry}/`)) expect(images).toContain(container.image);
          }
        }
      }
    }
  });

  it('profile dev builds the dev targets and syncs TypeScript sources; debug swaps in the debug manifests', () => {
    const dev = config('migrations').profiles.find((p: any) => p.name === 'dev');
    expect(dev.activation).toEqual([{ command: 'dev' }]);
    const syncs = dev.patches.filter((p: any) => p.path.endsWith('/sync'));
    expect(syncs).toHaveLength(4);
    for (const sync of syncs) expect(sync.value.manual.every((rule: any) => rule.src.endsWith('*.ts'))).toBe(true);
    const dockerfileTargets = dev.patches
      .filter((p: any) => p.path.endsWith('/docker/target'))
      .map((p: any) => p.value);
    expect(dockerfileTargets).toEqual(['dev', 'dev', 'dev', 'dev']);
    const debug = config('platform').profiles.find((p: any) => p.name === 'debug');
    expect(debug.activation).toEqual([{ command: 'debug' }]);
  });

  it('port-forwards the ingress controller to localhost:8080', () => {
    expect(config('platform').portForward).toContainEqual({
      resourceType: 'service',
      resourceName: 'ingress-nginx-controller',
      namespace: 'ingress-nginx',
      port: 80,
      localPort: 8080,
    });
  });

  it('port-forwards Jaeger’s UI, where the dev cluster’s traces land, to localhost:16686', () => {
    expect(config('dev-infra').portForward).toContainEqual({
      resourceType: 'service',
      resourceName: 'jaeger',
      port: 16686,
      localPort: 16686,
    });
  });
});
