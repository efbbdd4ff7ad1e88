import { parse } from 'yaml';
import { byKind, readRepoFile, renderedHelmChart, TEST_RELEASE_VALUES, validateKubeObject } from './support';
import { helm } from './helm-cli';

/** Shell commands of the guide's code blocks, continuation lines joined. */
function commands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^```(?:bash|sh)\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
  return blocks.flatMap((block) =>
    block
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => line && !line.startsWith('#')),
  );
}

const guide = commands(readRepoFile('docs', 'kubernetes.md'));

// docs/kubernetes.md walks a newcomer from a fresh clone to a running platform: its commands must
// not fail on the flags of the tools they name.
describe('docs/kubernetes.md', () => {
  const helmCommands = guide.filter((line) => line.startsWith('helm '));

  it('names helm commands', () => {
    expect(helmCommands.map((line) => line.split(/\s+/)[1])).toEqual(
      expect.arrayContaining(['repo', 'install', 'upgrade', 'rollback', 'history']),
    );
  });

  it.each(helmCommands)('uses only flags that Helm 4 knows: %s', (line) => {
    const words = line.split(/\s+/);
    const subcommand = words[1] === 'repo' ? ['repo', words[2]!] : [words[1]!];
    const help = helm([...subcommand, '--help']);
    for (const flag of words.filter((word) => word.startsWith('--')).map((word) => word.split('=')[0]!)) {
      expect({ flag, known: help.includes(`${flag} `) || help.includes(`${flag}=`) }).toEqual({ flag, known: true });
    }
  });

  it('shows ALB values that the chart takes and renders', () => {
    const [block] = [...readRepoFile('docs', 'kubernetes.md').matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map(
      (m) => m[1]!,
    );
    const documented = parse(block!.replace(/…/g, 'example')) as { ingress: object; networkPolicy: object };
    const values = {
      ...TEST_RELEASE_VALUES,
      ingress: { ...TEST_RELEASE_VALUES.ingress, ...documented.ingress },
      networkPolicy: { ...TEST_RELEASE_VALUES.networkPolicy, ...documented.networkPolicy },
    };
    const objects = renderedHelmChart(values);
    expect(byKind(objects, 'Ingress')[0]!.spec.ingressClassName).toBe('alb');
    for (const object of objects) validateKubeObject(object);
  });

  it('rolls out with values the chart accepts', () => {
    const upgrade = guide.find((line) => line.startsWith('helm upgrade --install'))!;
    const sets = [...upgrade.matchAll(/--set (\S+)/g)].flatMap((match) => ['--set', match[1]!]);
    expect(helm(['template', 'learning-platform', 'charts/learning-platform', ...sets])).toContain('kind: Deployment');
  });

  it('builds every image for the nodes’ platforms, whatever the laptop’s', () => {
    const builds = guide.filter((line) => /\bdocker (buildx )?build\b/.test(line));
    expect(builds.length).toBeGreaterThanOrEqual(2);
    for (const build of builds) expect(build).toMatch(/--platform linux\/amd64/);
  });
});
