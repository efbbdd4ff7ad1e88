import { PLATFORM_CONFIG_MAP, PLATFORM_SECRET } from '@platform/contracts';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';

export interface PlatformSettingsProps {
  /** The settings' values split by their secret flag (libs/contracts `platformSettings`). */
  readonly settings: {
    readonly config: Readonly<Record<string, string>>;
    readonly secrets: Readonly<Record<string, string>>;
  };
  /**
   * Which half this construct writes: the ConfigMap `platform-config` (safe to commit) or the Secret
   * `platform-secrets` (never committed: it holds identity's signing key).
   */
  readonly write: 'config' | 'secrets';
}

/** The ConfigMap or Secret the platform chart's pods read their shared settings from. */
export class PlatformSettings extends Construct {
  constructor(scope: Construct, id: string, props: PlatformSettingsProps) {
    super(scope, id);
    if (props.write === 'config') {
      new kplus.ConfigMap(this, 'config', {
        metadata: { name: PLATFORM_CONFIG_MAP },
        data: { ...props.settings.config },
      });
    } else {
      new kplus.Secret(this, 'secrets', {
        metadata: { name: PLATFORM_SECRET },
        stringData: { ...props.settings.secrets },
      });
    }
  }
}
