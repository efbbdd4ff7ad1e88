// What a lesson's Markdown may point at. Hand-written on top of the URL parser because the rules are
// ours: links only to http(s) and mailto (react-markdown's default transform also lets irc/xmpp
// through), images only from media or this origin (the content security policy allows images from
// the app's origin and the storage endpoint media redirects to, so any other image could not load
// anyway, and fetching it would tell a third party who reads the lesson).

const MEDIA_REFERENCE = /^media:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const HERE = 'https://lesson.invalid';

function parse(url: string): URL | null {
  try {
    // The URL parser drops the tabs, new lines and leading controls browsers ignore too, so
    // `java\tscript:` is seen as the `javascript:` it would be.
    return new URL(url, `${HERE}/`);
  } catch {
    return null;
  }
}

/** The href a link may have, or null when it must not be a link. */
export function safeLinkHref(url: string): string | null {
  const trimmed = url.trim();
  const parsed = parse(trimmed);
  if (!parsed || !LINK_PROTOCOLS.has(parsed.protocol)) return null;
  // A colon before the first slash that is not one of ours is a scheme in disguise (`JAVA%0ASCRIPT:`):
  // harmless as the relative path browsers take it for, but never what the author meant.
  const head = /^[^/?#]*/.exec(trimmed)![0];
  if (head.includes(':') && !/^(https?|mailto):/i.test(trimmed)) return null;
  return trimmed;
}

/** Whether a link leaves the app (it then opens in a new tab). */
export function isExternalHref(href: string): boolean {
  const parsed = parse(href);
  return !!parsed && parsed.origin !== HERE;
}

export type ImageSource =
  | { readonly kind: 'media'; readonly mediaId: string }
  | { readonly kind: 'same-origin'; readonly url: string }
  | { readonly kind: 'elsewhere'; readonly url: string | null };

/**
 * `![alt](media:<uuid>)` names an image uploaded through media; a path on this origin is shown as
 * it is; anything else is not loaded (`elsewhere`: shown as a link when it is a safe one).
 */
export function imageSource(url: string): ImageSource {
  const media = MEDIA_REFERENCE.exec(url.trim());
  if (media) return { kind: 'media', mediaId: media[1].toLowerCase() };
  const parsed = parse(url);
  if (parsed && parsed.origin === HERE && parsed.protocol === 'https:' && url.trim().startsWith('/'))
    return { kind: 'same-origin', url: `${parsed.pathname}${parsed.search}` };
  return { kind: 'elsewhere', url: safeLinkHref(url) };
}

/** The Markdown an image uploaded through media is inserted as. */
export function mediaImageMarkdown(mediaId: string, alt: string): string {
  const text = alt.replace(/[[\]\\]/g, '').trim() || 'image';
  return `![${text}](media:${mediaId})`;
}
