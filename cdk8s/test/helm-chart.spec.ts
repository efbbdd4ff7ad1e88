import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { HELM_CHART_NAME, HELM_VALUES, helmChartFiles } from '../src/helm/helm-chart';
import { TEST_RELEASE_VALUES, repoRoot } from './support';

const chartDir = join(repoRoot, 'charts', HELM_CHART_NAME);

function committedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(chartDir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files.set(relative(chartDir, path), readFileSync(path, 'utf8'));
    }
  }
  return files;
}

describe('Helm chart charts/learning-platform', () => {
  it('is exactly what `npm run synth` generates (run it and commit the result)', () => {
    expect(existsSync(chartDir)).toBe(true);
    const fresh = helmChartFiles();
    const committed = committedFiles();
    expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [file, content] of fresh) {
      expect({ file, content: committed.get(file) }).toEqual({ file, content });
    }
  });

  it('has a values.schema.json that accepts a release’s values and refuses a missing host', () => {
    const schema = JSON.parse(helmChartFiles().get('values.schema.json')!);
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(TEST_RELEASE_VALUES)).toBe(true);
    // Values that name only some keys (Pulumi's release) pass as they are: the others have defaults.
    expect(
      validate({
        image: TEST_RELEASE_VALUES.image,
        ingress: { host: 'learn.example.com', className: 'alb' },
        networkPolicy: { ingressControllerNamespace: 'kube-system', monitoringNamespace: 'monitoring' },
      }),
    ).toBe(true);
    // values.yaml alone leaves the host empty: an install must name it.
    expect(validate(parse(helmChartFiles().get('values.yaml')!))).toBe(false);
    expect(validate({ ...TEST_RELEASE_VALUES, image: { ...HELM_VALUES.image, registry: 'x/' } })).toBe(false);
    expect(validate({ ...TEST_RELEASE_VALUES, replicas: 3 })).toBe(false);
  });

  it('values.yaml holds the documented defaults', () => {
    expect(parse(helmChartFiles().get('values.yaml')!)).toEqual(HELM_VALUES);
  });

  it('templates name every namespace-scoped object without a namespace (the release namespace applies)', () => {
    for (const [file, content] of helmChartFiles()) {
      if (file.startsWith('templates/') && file.endsWith('.yaml')) expect(content).not.toMatch(/^\s+namespace:/m);
    }
  });
});
