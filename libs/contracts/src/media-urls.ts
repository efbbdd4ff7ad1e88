import { BACKEND_SERVICES } from './services';

export type ImageVariantName = 'small' | 'medium';

/** Image variants the media worker produces: `small` is the catalogue thumbnail. */
export const IMAGE_VARIANTS: Readonly<Record<ImageVariantName, { readonly width: number }>> = {
  small: { width: 200 },
  medium: { width: 800 },
};

/**
 * A stable public path that redirects to a fresh short-lived presigned GET URL of a media file.
 * Catalog stores and shows these (presigned URLs themselves expire within minutes).
 */
export function mediaFilePath(mediaId: string, variant?: ImageVariantName): string {
  const base = `${BACKEND_SERVICES.media.routePrefix}/${mediaId}/file`;
  return variant ? `${base}?variant=${variant}` : base;
}
