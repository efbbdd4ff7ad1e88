import { BACKEND_SERVICES } from './services';

export type ImageVariantName = 'small' | 'card' | 'medium';

/**
 * Image variants the media worker produces, narrowest first: `small` is the catalogue thumbnail,
 * `card` the same at twice the pixels (a card shows its cover ~270 px wide, and at 2x on dense screens).
 */
export const IMAGE_VARIANTS: Readonly<Record<ImageVariantName, { readonly width: number }>> = {
  small: { width: 200 },
  card: { width: 400 },
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

/**
 * An `<img srcset>` of the variants an image has (stable paths, widths as rendered at most: the
 * worker never enlarges, so a smaller original only makes the browser fetch a little more than needed).
 */
export function mediaSrcset(mediaId: string, variants: readonly string[]): string | null {
  const present = (Object.keys(IMAGE_VARIANTS) as ImageVariantName[]).filter((name) => variants.includes(name));
  if (present.length === 0) return null;
  return present.map((name) => `${mediaFilePath(mediaId, name)} ${IMAGE_VARIANTS[name].width}w`).join(', ');
}

const MEDIA_REFERENCE = /media:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/gi;

/**
 * The media ids a lesson's Markdown refers to as `media:<uuid>` (how the web app inserts uploaded
 * images), lower-cased, each once, in order of appearance.
 */
export function mediaReferencesIn(markdown: string): string[] {
  return [...new Set([...markdown.matchAll(MEDIA_REFERENCE)].map((match) => match[1].toLowerCase()))];
}
