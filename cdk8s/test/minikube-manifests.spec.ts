import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Yaml } from 'cdk8s';
import { MINIKUBE_MANIFESTS_DIR } from '../src/minikube-manifests';
import { byKind, minikubeCharts, objectsOf, repoRoot } from './support';

// skaffold refuses to start unless every manifest file it names exists before its render hook runs,
// so the manifests are committed (a fresh clone holds them); any change to them shows in review.
describe(`the minikube manifests in ${MINIKUBE_MANIFESTS_DIR}`, () => {
  const dir = join(repoRoot, MINIKUBE_MANIFESTS_DIR);
  const charts = minikubeCharts();

  it('are exactly what `npm run synth` generates (run it and commit the result)', () => {
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual([...charts.keys()].sort());
    for (const [file, chart] of charts) {
      const fresh = Yaml.stringify(...chart.toJson());
      expect({ file, content: readFileSync(join(dir, file), 'utf8') }).toEqual({ file, content: fresh });
    }
  });

  it('hold no Secret with platform settings: identity’s key is per checkout, in .platform/', () => {
    for (const [, chart] of charts) {
      const names = byKind(objectsOf(chart), 'Secret').map((secret) => secret.metadata.name);
      expect(names).not.toContain('platform-secrets');
    }
    for (const file of readdirSync(dir)) {
      expect(readFileSync(join(dir, file), 'utf8')).not.toMatch(/PRIVATE KEY|JWT_PRIVATE_KEY/);
    }
  });
});
