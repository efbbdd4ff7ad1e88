import { App } from 'cdk8s';
import { DevSecretsChart } from '../src/charts/dev-secrets.chart';
import {
  ALB_RELEASE_VALUES,
  byKind,
  minikubeCharts,
  objectsOf,
  renderedHelmChart,
  TEST_SIGNING_KEY,
  validateKubeObject,
} from './support';

// Every object `npm run synth` writes, and every object the real helm renders from the chart,
// checked against the Kubernetes OpenAPI schemas (kubernetes-models) and KEDA's CRD schemas, as an
// API server would on apply.
describe('Kubernetes schemas', () => {
  const minikube = minikubeCharts();

  it.each([...minikube.keys()])('minikube %s: every object is valid', (file) => {
    const objects = objectsOf(minikube.get(file)!);
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) {
      expect(() => validateKubeObject(object)).not.toThrow();
    }
  });

  it.each([
    ['behind ingress-nginx', undefined],
    ['behind an ALB', ALB_RELEASE_VALUES],
  ])('Helm chart rendered by helm with the values of a release %s: every object is valid', (_case, values) => {
    const objects = renderedHelmChart(values);
    expect(byKind(objects, 'Deployment')).toHaveLength(6);
    for (const object of objects) {
      expect(() => validateKubeObject(object)).not.toThrow();
    }
  });

  it('minikube platform-secrets (written to .platform/ per checkout): valid', () => {
    const objects = objectsOf(new DevSecretsChart(new App(), 'secrets', { jwtPrivateKey: TEST_SIGNING_KEY }));
    expect(objects.map((object) => object.kind)).toEqual(['Secret']);
    for (const object of objects) expect(() => validateKubeObject(object)).not.toThrow();
  });

  it('catches an invalid object (the validator is not a no-op)', () => {
    const [deployment] = byKind(objectsOf(minikube.get('platform.yaml')!), 'Deployment');
    const broken = structuredClone(deployment!);
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    expect(() => validateKubeObject(broken)).toThrow();
  });
});
