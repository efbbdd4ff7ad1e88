import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { DEV_INFRA_IMAGES } from '../images';
import { DEV_INFRA_PART_OF, workloadLabels } from '../labels';
import { hardenPodSpec, restrictedContainerSecurity, restrictedPodSecurity, tmpVolume } from '../pod-hardening';

export interface MinioBucketJobProps {
  /** The bucket to create (kept if it exists). */
  readonly bucket: string;
  /** A Secret whose key `MC_HOST_dev` is `mc`'s alias `dev` for MinIO (URL with credentials). */
  readonly credentialsSecret: string;
}

const NAME = 'minio-create-bucket';

/** A Job that creates a bucket in a local cluster's MinIO with `mc`; restricted like the platform's pods. */
export class MinioBucketJob extends kplus.Job {
  /** Labels that select the Job's pod (for its network policy). */
  readonly podSelectorLabels = { 'app.kubernetes.io/name': NAME };

  constructor(scope: Construct, id: string, props: MinioBucketJobProps) {
    if (props.bucket.length === 0) throw new Error('MinioBucketJob: bucket must not be empty');
    super(scope, id, {
      metadata: { name: NAME },
      podMetadata: { labels: workloadLabels(NAME, 'dev-infra', DEV_INFRA_PART_OF) },
      // MinIO may still be starting: the Job's back-off (10 s, 20 s, 40 s...) is the wait.
      backoffLimit: 8,
      activeDeadline: Duration.minutes(10),
      restartPolicy: kplus.RestartPolicy.NEVER,
      securityContext: restrictedPodSecurity(1000),
    });
    this.addContainer({
      name: 'mc',
      image: DEV_INFRA_IMAGES.minioClient,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      command: ['mc', 'mb', '--ignore-existing', `dev/${props.bucket}`],
      envVariables: {
        MC_CONFIG_DIR: kplus.EnvValue.fromValue('/tmp/.mc'),
        MC_HOST_dev: kplus.EnvValue.fromSecretValue({
          secret: kplus.Secret.fromSecretName(this, 'mc-credentials', props.credentialsSecret),
          key: 'MC_HOST_dev',
        }),
      },
      resources: {
        cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(200) },
        memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) },
      },
      securityContext: restrictedContainerSecurity(1000),
      volumeMounts: [{ path: '/tmp', volume: tmpVolume(this, 'tmp', Size.mebibytes(16)) }],
    });
    hardenPodSpec(this, '/spec/template/spec');
  }
}
