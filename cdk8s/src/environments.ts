import * as kplus from 'cdk8s-plus-27';
import type { ImageSettings } from './images';
import type { PlatformChartProps } from './charts/platform.chart';

/**
 * minikube with skaffold: images named `learning-platform/<image>` without a tag (skaffold
 * substitutes the tags it built), the ingress-nginx addon, small replica counts.
 */
export const MINIKUBE_IMAGES: ImageSettings = {
  registry: 'learning-platform',
  pullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
};

export const MINIKUBE_PLATFORM: Omit<PlatformChartProps, 'mode'> = {
  images: MINIKUBE_IMAGES,
  ingress: { className: 'nginx' },
  networkPolicy: { ingressControllerNamespace: 'ingress-nginx', monitoringNamespace: 'monitoring' },
  scale: 'minimal',
};
