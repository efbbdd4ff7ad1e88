import { PLATFORM_SECRET } from '@platform/contracts';
import { Chart, type ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
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
    new kplus.Secret(this, 'platform-secrets', {
      metadata: { name: PLATFORM_SECRET },
      stringData: devPlatformSettings(props, props.jwtPrivateKey).secrets,
    });
  }
}
