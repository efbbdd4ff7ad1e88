import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { assertDnsLabel, podSelectorLabels, workloadLabels } from '../labels';
import {
  type SecretKeyRef,
  containerEnv,
  hardenPodSpec,
  limitEphemeralStorage,
  platformSettingsEnv,
  restrictedContainerSecurity,
  restrictedPodSecurity,
  tmpVolume,
} from '../pod-hardening';

/** Helm hook annotations that make a Job run to completion before the release's other objects change. */
export const HELM_MIGRATION_HOOK_ANNOTATIONS: Readonly<Record<string, string>> = {
  'helm.sh/hook': 'pre-install,pre-upgrade',
  'helm.sh/hook-weight': '0',
  // A failed Job stays for `kubectl logs` until the next attempt replaces it; a successful one goes.
  'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
};

export interface MigrationJobProps {
  /** The service whose database this Job migrates; the Job is `<service>-migrate`. */
  readonly service: string;
  /** Image of the service (the migrations ship in it). */
  readonly image: string;
  /** Command that applies pending migrations and exits 0. */
  readonly command: readonly string[];
  /**
   * Per-service environment variables (SERVICE_NAME, DATABASE_NAME, PORT...).
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Per-service environment variables read from Secrets (the service's own DATABASE_URL).
   * @default - none
   */
  readonly secretEnv?: Readonly<Record<string, SecretKeyRef>>;
  /**
   * A first step, in an init container of the same image, that prepares what the migrations need
   * with rights they must not have (the service's database role, as the database admin). Its
   * `secretEnv` is given to that container only.
   * @default - no setup step
   */
  readonly setup?: MigrationSetupStep;
  /**
   * Annotate the Job as a Helm pre-install/pre-upgrade hook, so `helm upgrade` runs it to completion
   * before it touches the Deployments. Without it the deployer orders the Job itself (skaffold: see
   * skaffold.yaml).
   * @default false
   */
  readonly helmHook?: boolean;
  /**
   * Attempts before the Job fails (a database that is still starting is retried with back-off).
   * @default 4
   */
  readonly backoffLimit?: number;
  /**
   * Wall-clock budget of all attempts.
   * @default 600
   */
  readonly activeDeadlineSeconds?: number;
  /** @default 1000 */
  readonly user?: number;
  /** @default IfNotPresent */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;
}

/** The init container of a MigrationJob. */
export interface MigrationSetupStep {
  readonly command: readonly string[];
  /** @default - none */
  readonly env?: Readonly<Record<string, string>>;
  /** Variables from Secrets for this step only (the admin's credentials). */
  readonly secretEnv?: Readonly<Record<string, SecretKeyRef>>;
}

/**
 * The database migrations of one service as a Job that runs before the new pods take traffic.
 * Migrations must be backward compatible (expand, then contract in a later release), since the old
 * pods keep serving while it runs and a `helm rollback` does not undo a schema.
 *
 * It runs as the namespace's default ServiceAccount without an API token: under Helm it is a
 * pre-install hook, which runs before any object of the release (a ServiceAccount of ours included) exists.
 */
export class MigrationJob extends Construct {
  readonly job: kplus.Job;
  readonly selectorLabels: Record<string, string>;

  constructor(scope: Construct, id: string, props: MigrationJobProps) {
    super(scope, id);
    assertDnsLabel(props.service, 'MigrationJob service');
    const backoffLimit = props.backoffLimit ?? 4;
    const activeDeadlineSeconds = props.activeDeadlineSeconds ?? 600;
    if (props.command.length === 0) throw new Error(`MigrationJob ${props.service}: command must not be empty`);
    if (!Number.isInteger(backoffLimit) || backoffLimit < 0) {
      throw new Error(`MigrationJob ${props.service}: backoffLimit must be an integer >= 0`);
    }
    if (activeDeadlineSeconds < 30) {
      throw new Error(`MigrationJob ${props.service}: activeDeadlineSeconds must be at least 30`);
    }
    const user = props.user ?? 1000;
    if (props.setup && props.setup.command.length === 0) {
      throw new Error(`MigrationJob ${props.service}: setup.command must not be empty`);
    }
    const labels = workloadLabels(props.service, 'migration');
    const settings = platformSettingsEnv(this);
    this.selectorLabels = podSelectorLabels(props.service, 'migration');

    this.job = new kplus.Job(this, 'job', {
      metadata: {
        name: `${props.service}-migrate`,
        labels,
        annotations: props.helmHook ? { ...HELM_MIGRATION_HOOK_ANNOTATIONS } : undefined,
      },
      podMetadata: { labels },
      backoffLimit,
      activeDeadline: Duration.seconds(activeDeadlineSeconds),
      restartPolicy: kplus.RestartPolicy.NEVER,
      automountServiceAccountToken: false,
      securityContext: restrictedPodSecurity(user),
      containers: [
        {
          name: 'migrate',
          image: props.image,
          imagePullPolicy: props.imagePullPolicy ?? kplus.ImagePullPolicy.IF_NOT_PRESENT,
          command: [...props.command],
          envVariables: containerEnv(this, props.env, props.secretEnv),
          envFrom: settings,
          resources: {
            cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(1000) },
            memory: { request: Size.mebibytes(256), limit: Size.mebibytes(256) },
          },
          securityContext: restrictedContainerSecurity(user),
          volumeMounts: [{ path: '/tmp', volume: tmpVolume(this, 'tmp', Size.mebibytes(64)) }],
        },
      ],
    });
    if (props.setup) {
      this.job.addInitContainer({
        name: 'setup',
        image: props.image,
        imagePullPolicy: props.imagePullPolicy ?? kplus.ImagePullPolicy.IF_NOT_PRESENT,
        command: [...props.setup.command],
        envVariables: {
          ...containerEnv(this, props.env, props.secretEnv),
          ...containerEnv(this, props.setup.env, props.setup.secretEnv),
        },
        envFrom: settings,
        resources: {
          cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(128), limit: Size.mebibytes(128) },
        },
        securityContext: restrictedContainerSecurity(user),
      });
    }
    hardenPodSpec(this.job, '/spec/template/spec');
    limitEphemeralStorage(this.job, '/spec/template/spec', 64, 256);
  }
}
