import { PLATFORM_CONFIG_MAP, PLATFORM_SECRET } from '@platform/contracts';
import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';

/**
 * cdk8s-plus-27 has no `ALL` member in its Capability enum, yet `drop: [ALL]` is what the
 * restricted Pod Security Standard asks for.
 */
export const ALL_CAPABILITIES = 'ALL' as kplus.Capability;

/** Container security settings shared by every platform container (restricted Pod Security Standard). */
export function restrictedContainerSecurity(
  user: number,
  readOnlyRootFilesystem = true,
): kplus.ContainerSecurityContextProps {
  return {
    ensureNonRoot: true,
    user,
    group: user,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem,
    capabilities: { drop: [ALL_CAPABILITIES] },
  };
}

/** Pod security settings shared by every platform pod. */
export function restrictedPodSecurity(user: number): kplus.PodSecurityContextProps {
  return {
    ensureNonRoot: true,
    user,
    group: user,
    fsGroup: user,
    fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
  };
}

/**
 * What cdk8s-plus-27 cannot express on a pod template, added as JSON patches at `podSpecPath`:
 * the RuntimeDefault seccomp profile (restricted Pod Security Standard) and no service links
 * (a Node process needs no `<SERVICE>_PORT_...` variables; they only grow the environment).
 */
export function hardenPodSpec(resource: Construct, podSpecPath: string): void {
  ApiObject.of(resource).addJsonPatch(
    JsonPatch.add(`${podSpecPath}/securityContext/seccompProfile`, { type: 'RuntimeDefault' }),
    JsonPatch.add(`${podSpecPath}/enableServiceLinks`, false),
  );
}

/**
 * Ephemeral-storage request and limit of the first container, in MiB (cdk8s-plus-27 only takes whole GiB):
 * a runaway log or temp file evicts its own pod, not its neighbours.
 */
export function limitEphemeralStorage(
  resource: Construct,
  podSpecPath: string,
  requestMebibytes: number,
  limitMebibytes: number,
): void {
  // The typed k8s objects read quantities from `.value` after patches are applied: patch in Quantity objects.
  const quantity = (mebibytes: number) => kplus.k8s.Quantity.fromString(`${mebibytes}Mi`);
  ApiObject.of(resource).addJsonPatch(
    JsonPatch.add(`${podSpecPath}/containers/0/resources/requests/ephemeral-storage`, quantity(requestMebibytes)),
    JsonPatch.add(`${podSpecPath}/containers/0/resources/limits/ephemeral-storage`, quantity(limitMebibytes)),
  );
}

/** The volume every platform container mounts at /tmp, since its root filesystem is read-only. */
export function tmpVolume(scope: Construct, id: string, sizeLimit: Size): kplus.Volume {
  return kplus.Volume.fromEmptyDir(scope, id, 'tmp', { sizeLimit });
}

/** `envFrom` of the platform settings: ConfigMap `platform-config` and Secret `platform-secrets` (libs/contracts). */
export function platformSettingsEnv(scope: Construct): kplus.EnvFrom[] {
  return [
    kplus.Env.fromConfigMap(kplus.ConfigMap.fromConfigMapName(scope, 'platform-config', PLATFORM_CONFIG_MAP)),
    kplus.Env.fromSecret(kplus.Secret.fromSecretName(scope, 'platform-secrets', PLATFORM_SECRET)),
  ];
}

/** An environment variable read from a key of a Secret the chart does not own (Pulumi or dev-infra writes it). */
export interface SecretKeyRef {
  readonly secretName: string;
  readonly key: string;
}

/** Plain and Secret-backed environment variables of a container, as cdk8s-plus values. */
export function containerEnv(
  scope: Construct,
  plain: Readonly<Record<string, string>> = {},
  fromSecrets: Readonly<Record<string, SecretKeyRef>> = {},
): Record<string, kplus.EnvValue> {
  const env: Record<string, kplus.EnvValue> = {};
  for (const [key, value] of Object.entries(plain)) env[key] = kplus.EnvValue.fromValue(value);
  for (const [key, ref] of Object.entries(fromSecrets)) {
    const id = `secret-${ref.secretName}`;
    const secret =
      (scope.node.tryFindChild(id) as kplus.ISecret | undefined) ??
      kplus.Secret.fromSecretName(scope, id, ref.secretName);
    env[key] = kplus.EnvValue.fromSecretValue({ secret, key: ref.key });
  }
  return env;
}
