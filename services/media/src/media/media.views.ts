import type { ObjectStorage } from '../storage/object-storage';
import { answerFields, answerSchema } from '@platform/service-kit';
import { z } from 'zod';
import { type Media, MEDIA_STATUSES } from './media.entity';

export const MediaViewSchema = answerSchema(
  'MediaView',
  z.object({
    id: answerFields.id(),
    status: z.enum(MEDIA_STATUSES),
    purpose: z.string(),
    contentType: z.string(),
    filename: z.string().nullable().meta({ description: 'Shown to its owner and admins only.' }),
    url: z.string().nullable().meta({ description: 'A presigned GET URL of the original, once ready.' }),
    variants: z.record(z.string(), z.object({ url: z.string(), width: z.int().min(1), height: z.int().min(1) })),
    failureReason: z.string().nullable(),
    expiresAt: answerFields
      .timestamp()
      .nullable()
      .meta({ description: 'When the URLs stop working; null until ready.' }),
  }),
  {
    id: '2d4f6a8c-1b3e-4c5d-9e7f-a1b2c3d4e5f6',
    status: 'ready',
    purpose: 'course-cover',
    contentType: 'image/png',
    filename: 'cover.png',
    url: 'https://media.s3.eu-west-1.amazonaws.com/originals/2d4f6a8c.png?X-Amz-Signature=3f1c',
    variants: {
      small: {
        url: 'https://media.s3.eu-west-1.amazonaws.com/variants/2d4f6a8c-small.webp?X-Amz-Signature=9a7e',
        width: 480,
        height: 270,
      },
    },
    failureReason: null,
    expiresAt: '2026-12-04T16:05:00.000Z',
  },
);
export type MediaView = z.infer<typeof MediaViewSchema>;

const UPLOAD_ID = '2d4f6a8c-1b3e-4c5d-9e7f-a1b2c3d4e5f6';

/** Bytes go straight to storage: one presigned PUT, or presigned parts for a large video. */
export const UploadTicketSchema = answerSchema(
  'UploadTicket',
  z.union([
    z.object({
      id: answerFields.id(),
      method: z.literal('PUT'),
      uploadUrl: z.string(),
      headers: z.record(z.string(), z.string()).meta({ description: 'Send these headers with the PUT.' }),
      expiresAt: answerFields.timestamp(),
    }),
    z.object({
      id: answerFields.id(),
      uploadId: z.string(),
      partSize: z.int().min(1).meta({ description: 'Bytes of every part but the last.' }),
      parts: z.array(z.object({ partNumber: z.int().min(1), url: z.string() })),
      expiresAt: answerFields.timestamp(),
    }),
  ]),
  {
    id: UPLOAD_ID,
    method: 'PUT',
    uploadUrl: 'https://media.s3.eu-west-1.amazonaws.com/originals/2d4f6a8c.png?X-Amz-Signature=5b2d',
    headers: { 'content-type': 'image/png' },
    expiresAt: '2026-12-04T15:55:00.000Z',
  },
);
export type UploadTicket = z.infer<typeof UploadTicketSchema>;

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
