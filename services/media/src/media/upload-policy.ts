import type { MediaPurpose } from '@platform/contracts';

/** What may be uploaded for each purpose: allow-listed types and a size ceiling. */
export const UPLOAD_POLICY: Readonly<Record<MediaPurpose, { contentTypes: readonly string[]; maxBytes: number }>> = {
  'course-cover': { contentTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/avif'], maxBytes: 10 * 1024 * 1024 },
  'lesson-video': { contentTypes: ['video/mp4', 'video/webm'], maxBytes: 2 * 1024 * 1024 * 1024 },
  // Captions of a long lecture are tens of KB; 1 MiB leaves room and bounds what a player downloads.
  'lesson-captions': { contentTypes: ['text/vtt'], maxBytes: 1024 * 1024 },
};

export const MEDIA_PURPOSES = Object.keys(UPLOAD_POLICY) as MediaPurpose[];

export const EXTENSION_OF: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'text/vtt': 'vtt',
};
