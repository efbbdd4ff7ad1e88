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

/** Images of the local cluster's backing services (DevInfraChart), pinned by version. */
export const DEV_INFRA_IMAGES = {
  postgres: 'postgres:17.6-bookworm',
  rabbitmq: 'rabbitmq:4.1.4-management',
  minio: 'minio/minio:RELEASE.2025-09-07T16-13-09Z',
  minioClient: 'minio/mc:RELEASE.2025-08-13T08-35-41Z',
  mailCatcher: 'axllent/mailpit:v1.27.0',
  otelCollector: 'otel/opentelemetry-collector:0.111.0',
  jaeger: 'jaegertracing/all-in-one:1.62.0',
} as const;
