import type { ImageVariantName } from '../media-urls';

export const MEDIA_EVENTS = {
  /** media → its own worker: an image is in storage and needs variants. */
  imageUploaded: 'media.image.uploaded',
  imageProcessed: 'media.image.processed',
  mediaDeleted: 'media.media.deleted',
} as const;

/** `lesson-captions`: a WebVTT file an instructor attaches to a video lesson. */
export type MediaPurpose = 'course-cover' | 'lesson-video' | 'lesson-captions';

export interface ImageUploadedPayload {
  readonly mediaId: string;
  readonly ownerId: string;
  readonly objectKey: string;
  readonly contentType: string;
}

export interface ImageProcessedPayload {
  readonly mediaId: string;
  readonly ownerId: string;
  readonly status: 'ready' | 'failed';
  /** Why processing failed (status `failed`). */
  readonly reason: string | null;
  readonly variants: Partial<Record<ImageVariantName, { readonly width: number; readonly height: number }>>;
}

export interface MediaDeletedPayload {
  readonly mediaId: string;
  readonly ownerId: string;
}
