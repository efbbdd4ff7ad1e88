import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';
import { IMAGE_NAMES, imageRef } from '../src/images';
import { MINIKUBE_IMAGES } from '../src/environments';
import { byKind, minikubeCharts, objectsOf, readRepoFile, repoRoot } from './support';

// No skaffold binary runs here: the file is checked against skaffold's published JSON Schema and
// against what `npm run synth` writes.
const schemaFile = resolve(repoRoot, '..', 'shared', 'schemas', 'skaffold', 'v4beta13.json');
const configs = parseAllDocuments(readRepoFile('skaffold.yaml')).map((document) => document.toJS());
const config = (name: string) => configs.find((c) => c.metadata.name === name);

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
    expect(config('dev-infra').manifests.rawYaml).toEqual(['dist/k8s/minikube/dev-infra.yaml']);
    expect(config('migrations').manifests.rawYaml).toEqual(['dist/k8s/minikube/migrations.yaml']);
    expect(config('platform').manifests.rawYaml).toEqual(['dist/k8s/minikube/platform.yaml']);
    const wait = config('migrations').deploy.kubectl.hooks.after[0].host.command.join(' ');
    expect(wait).toMatch(
      /kubectl .*wait --for=condition=complete job\s+--selector app.kubernetes.io\/component=migration/,
    );
    expect(config('dev-infra').manifests.hooks.before[0].host.command).toEqual(['npm', 'run', 'synth', '--silent']);
  });

  it('every manifest file it names is one that `npm run synth` writes', () => {
    const written = new Set([...minikubeCharts().keys()].map((file) => `dist/k8s/minikube/${file}`));
    const named = configs.flatMap((c) => [
      ...c.manifests.rawYaml,
      ...(c.profiles ?? []).flatMap((p: any) =>
        p.patches.filter((x: any) => x.path.startsWith('/manifests/rawYaml')).map((x: any) => x.value),
      ),
    ]);
    for (const file of named) expect(written).toContain(file);
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
});
