import { BACKEND_SERVICE_NAMES, type ServiceName, WEB_APP } from '@platform/contracts';
import type * as kplus from 'cdk8s-plus-27';

/** Where the platform's images come from: `<registry>/<image>[:<tag>]`, one image per service plus `web`. */
export interface ImageSettings {
  /** Registry and path prefix, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/learning-platform`. */
  readonly registry: string;
  /**
   * Tag of every image.
   * @default - none: the deployer (skaffold) substitutes the tag it built
   */
  readonly tag?: string;
  /** @default IfNotPresent */
  readonly pullPolicy?: kplus.ImagePullPolicy;
}

/** The images skaffold builds and the manifests reference: one per service (built from services/node-service.Dockerfile) and the web app. */
export const IMAGE_NAMES: readonly ServiceName[] = [...BACKEND_SERVICE_NAMES, WEB_APP.name];

export function imageRef(settings: ImageSettings, image: ServiceName): string {
  if (settings.registry.length === 0 || settings.registry.endsWith('/')) {
    throw new Error(`image registry "${settings.registry}" must be non-empty and not end with '/'`);
  }
  return `${settings.registry}/${image}${settings.tag ? `:${settings.tag}` : ''}`;
}
