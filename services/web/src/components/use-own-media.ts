import { useState } from 'react';
import type { ImageVariantName } from '@platform/contracts';
import { api, http } from '../api';

export interface OwnMediaFallback {
  /** A presigned URL to show instead of the stable path, once it failed. */
  readonly src: string | null;
  /** Neither the stable path nor the fallback could be shown. */
  readonly failed: boolean;
  /** The `<img>`'s onError. */
  onError(): void;
}

/**
 * Media's stable paths (`/api/media/:id/file`) show a file to anyone only once a published course
 * uses it, and an `<img>` sends no access token: an instructor's own draft cover or lesson image
 * answers 404 there. When one fails to load, a signed-in user asks media for it with their token
 * (its owner and admins get presigned URLs back) and the image shows that instead.
 */
export function useOwnMediaFallback(mediaId: string | null | undefined, variant: ImageVariantName): OwnMediaFallback {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const onError = () => {
    if (src || !mediaId || !http.hasAccessToken()) return setFailed(true);
    api.media.getMedia(mediaId).then(
      (media) => {
        const url = media.variants[variant]?.url ?? media.url;
        if (url) setSrc(url);
        else setFailed(true);
      },
      () => setFailed(true),
    );
  };
  return { src, failed, onError };
}
