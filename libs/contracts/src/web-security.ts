/** Object-storage settings (the platform-config keys) that say where presigned media URLs point. */
export interface MediaStorageSettings {
  readonly S3_PUBLIC_ENDPOINT?: string;
  readonly S3_BUCKET?: string;
  readonly S3_REGION?: string;
}

/**
 * The origins the browser loads media from and uploads to: S3_PUBLIC_ENDPOINT's (the embedded store,
 * MinIO) or, without one, AWS S3's virtual-hosted and path-style endpoints of the bucket's region.
 */
export function mediaOrigins(settings: MediaStorageSettings): string[] {
  if (settings.S3_PUBLIC_ENDPOINT) return [new URL(settings.S3_PUBLIC_ENDPOINT).origin];
  const region = settings.S3_REGION ?? 'us-east-1';
  return [`https://${settings.S3_BUCKET}.s3.${region}.amazonaws.com`, `https://s3.${region}.amazonaws.com`];
}

/**
 * The web app's Content-Security-Policy: its own scripts and styles only (Vite emits no inline
 * script or style), images, video and uploads from the app and the media origins (covers and
 * videos are presigned URLs, reached through media's redirect), nothing framed, no plugins, and
 * forms and <base> pinned to the app. The same in the local web server and in the nginx image.
 */
export function webContentSecurityPolicy(media: readonly string[]): string {
  const sources = media.join(' ');
  return [
    `default-src 'self'`,
    `script-src 'self'`,
    `style-src 'self'`,
    `img-src 'self' data: blob: ${sources}`,
    `media-src 'self' blob: ${sources}`,
    `connect-src 'self' ${sources}`,
    `font-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}
