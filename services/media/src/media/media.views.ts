import type { ObjectStorage } from '../storage/object-storage';
import type { Media, MediaStatus } from './media.entity';

export interface MediaView {
  id: string;
  status: MediaStatus;
  purpose: string;
  contentType: string;
  /** Shown to its owner and admins only. */
  filename: string | null;
  url: string | null;
  variants: Record<string, { url: string; width: number; height: number }>;
  failureReason: string | null;
  expiresAt: string | null;
}

/** Ready media come with short-lived presigned GET URLs for the original and every variant. */
export async function mediaView(media: Media, storage: ObjectStorage, ttlSeconds: number): Promise<MediaView> {
  const ready = media.status === 'ready';
  const variants: MediaView['variants'] = {};
  if (ready) {
    for (const [name, variant] of Object.entries(media.variants)) {
      variants[name] = {
        url: await storage.presignGet(variant!.key, 'image/webp'),
        width: variant!.width,
        height: variant!.height,
      };
    }
  }
  return {
    id: media.id,
    status: media.status,
    purpose: media.purpose,
    contentType: media.contentType,
    filename: media.filename,
    url: ready ? await storage.presignGet(media.objectKey, media.contentType) : null,
    variants,
    failureReason: media.failureReason,
    expiresAt: ready ? new Date(Date.now() + ttlSeconds * 1000).toISOString() : null,
  };
}
