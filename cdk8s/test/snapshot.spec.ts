import { Testing } from 'cdk8s';
import { minikubeCharts } from './support';

// Any change to the synthesized manifests shows up in review as a snapshot diff.
describe('snapshots', () => {
  const charts = minikubeCharts();
  it.each([...charts.keys()])('minikube %s', (file) => {
    expect(Testing.synth(charts.get(file)!)).toMatchSnapshot();
  });
});
