import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import { PlatformSettings } from '../constructs/platform-settings';
import { DEV_INFRA_PART_OF } from '../labels';
import { type DevSettingsOptions, devPlatformSettings } from './dev-infra.chart';

export interface DevSecretsChartProps extends ChartProps, DevSettingsOptions {
  /** PKCS#8 PEM of identity's EdDSA signing key (main.ts makes one per checkout, never committed). */
  readonly jwtPrivateKey: string;
}

/**
 * Secret `platform-secrets` for minikube: the secret settings of the backing services plus
 * identity's signing key. Written per checkout beside the key in the git-ignored .platform/, never
 * committed, and applied by skaffold's dev-infra deploy hook (skaffold.yaml).
 */
export class DevSecretsChart extends Chart {
  constructor(scope: Construct, id: string, props: DevSecretsChartProps) {
    super(scope, id, { ...props, labels: { 'app.kubernetes.io/part-of': DEV_INFRA_PART_OF, ...props.labels } });
    if (!props.jwtPrivateKey.trim()) throw new Error('DevSecretsChart: jwtPrivateKey is empty');
    new PlatformSettings(this, 'platform-settings', {
      settings: devPlatformSettings(props, props.jwtPrivateKey),
      write: 'secrets',
    });
  }
}
