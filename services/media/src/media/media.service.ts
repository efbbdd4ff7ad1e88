import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser, hasRole } from '@platform/auth';
import { type ImageVariantName, MEDIA_EVENTS } from '@platform/contracts';
import { Outbox } from '@platform/messaging';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '@platform/service-kit';
import { MediaConfig } from '../config/media.config';
import { ObjectStorage } from '../storage/object-storage';
import { sniffContentType } from './content-sniffer';
import type { CompletedPartDto, RequestUploadDto } from './dto/upload.dto';
import { Media } from './media.entity';
import { mediaView, type MediaView } from './media.views';
import { EXTENSION_OF, UPLOAD_POLICY } from './upload-policy';

export type UploadTicket =
  | { id: string; method: 'PUT'; uploadUrl: string; headers: Record<string, string>; expiresAt: string }
  | {
      id: string;
      uploadId: string;
      partSize: number;
      parts: Array<{ partNumber: number; url: string }>;
      expiresAt: string;
    };

const SNIFF_BYTES = 64;

@Injectable()
export class MediaService {
  constructor(
    private readonly em: EntityManager,
    private readonly storage: ObjectStorage,
    private readonly outbox: Outbox,
    private readonly config: MediaConfig,
  ) {}

  /** Bytes go straight from the browser to storage: the answer is a presigned PUT, or presigned parts for large videos. */
  async requestUpload(dto: RequestUploadDto, user: AuthenticatedUser): Promise<UploadTicket> {
    if (!hasRole(user, 'instructor', 'admin')) throw new ForbiddenError('Only instructors upload media');
    const policy = UPLOAD_POLICY[dto.purpose];
    if (!policy.contentTypes.includes(dto.contentType)) {
      throw new UnsupportedMediaTypeError(
        `${dto.purpose} accepts ${policy.contentTypes.join(', ')}, not ${dto.contentType}`,
      );
    }
    if (dto.size > policy.maxBytes)
      throw new PayloadTooLargeError(`${dto.purpose} files are limited to ${policy.maxBytes} bytes`);
    const media = new Media(
      user.id,
      dto.purpose,
      dto.contentType,
      dto.size,
      dto.filename,
      EXTENSION_OF[dto.contentType],
    );
    const expiresAt = new Date(Date.now() + this.config.UPLOAD_URL_TTL_SECONDS * 1000).toISOString();
    if (dto.purpose === 'lesson-video' && dto.size > this.config.MULTIPART_THRESHOLD_BYTES) {
      const partSize = this.config.MULTIPART_PART_BYTES;
      media.uploadId = await this.storage.startMultipart(media.objectKey, dto.contentType);
      const count = Math.ceil(dto.size / partSize);
      const parts = await Promise.all(
        Array.from({ length: count }, async (_, index) => ({
          partNumber: index + 1,
          url: await this.storage.presignPart(media.objectKey, media.uploadId!, index + 1),
        })),
      );
      await this.em.persistAndFlush(media);
      return { id: media.id, uploadId: media.uploadId, partSize, parts, expiresAt };
    }
    await this.em.persistAndFlush(media);
    return {
      id: media.id,
      method: 'PUT',
      uploadUrl: await this.storage.presignPut(media.objectKey, dto.contentType),
      headers: { 'content-type': dto.contentType },
      expiresAt,
    };
  }

  /**
   * Trusts nothing the client said: the stored size must match the declared one and the first bytes
   * must be the declared type, else the object is deleted and the upload refused.
   */
  async complete(id: string, parts: CompletedPartDto[] | undefined, user: AuthenticatedUser): Promise<MediaView> {
    const media = await this.owned(id, user);
    if (media.status !== 'pending') throw new ConflictError(`Upload ${id} is already ${media.status}`);
    if (media.uploadId) {
      if (!parts?.length)
        throw new InvalidInputError('parts with their ETags are required to complete a multipart upload');
      await this.storage.completeMultipart(media.objectKey, media.uploadId, parts).catch(() => {
        throw new InvalidInputError('The parts could not be assembled: upload every part and send its ETag');
      });
    }
    const size = await this.storage.sizeOf(media.objectKey);
    if (size === undefined) throw new ConflictError('Nothing was uploaded yet: PUT the file to the upload URL first');
    if (size !== media.declaredSize)
      await this.refuse(media, `The file has ${size} bytes, not the ${media.declaredSize} declared`);
    const sniffed = sniffContentType(await this.storage.read(media.objectKey, { start: 0, end: SNIFF_BYTES - 1 }));
    if (sniffed !== media.contentType)
      await this.refuse(media, `The file is not ${media.contentType}${sniffed ? ` (it looks like ${sniffed})` : ''}`);
    // The status change and the worker's event commit together, on a row locked against a second complete.
    const completed = await this.em.transactional(async (em) => {
      const row = await em.findOneOrFail(
        Media,
        { id: media.id },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (row.status !== 'pending') throw new ConflictError(`Upload ${id} is already ${row.status}`);
      row.uploadId = null;
      if (row.purpose === 'course-cover') {
        row.status = 'processing';
        this.outbox.record(em, MEDIA_EVENTS.imageUploaded, {
          mediaId: row.id,
          ownerId: row.ownerId,
          objectKey: row.objectKey,
          contentType: row.contentType,
        });
      } else {
        // Videos are served as uploaded: no transcoding here.
        row.status = 'ready';
      }
      return row;
    });
    return mediaView(completed, this.storage, this.config.DOWNLOAD_URL_TTL_SECONDS);
  }

  async get(id: string): Promise<MediaView> {
    return mediaView(await this.find(id), this.storage, this.config.DOWNLOAD_URL_TTL_SECONDS);
  }

  /** A fresh presigned URL for a stable path (covers are public once ready; videos need a signed-in user). */
  async fileUrl(
    id: string,
    variant: ImageVariantName | undefined,
    user: AuthenticatedUser | undefined,
  ): Promise<string> {
    const media = await this.find(id);
    if (media.status !== 'ready') throw new NotFoundError('Ready media', id);
    if (media.purpose !== 'course-cover' && !user) throw new NotFoundError('Media', id);
    if (variant) {
      const stored = media.variants[variant];
      if (!stored) throw new NotFoundError(`Variant ${variant} of media`, id);
      return this.storage.presignGet(stored.key, 'image/webp');
    }
    return this.storage.presignGet(media.objectKey, media.contentType);
  }

  async delete(id: string, user: AuthenticatedUser): Promise<void> {
    const media = await this.find(id);
    if (media.ownerId !== user.id && !hasRole(user, 'admin'))
      throw new ForbiddenError('Only the owner or an admin can delete this media');
    await this.removeMedia(media);
  }

  /** Images a course no longer uses (cover replaced, course deleted); idempotent. */
  async discardUnusedImage(mediaId: string | null): Promise<void> {
    if (!mediaId) return;
    const media = await this.em.findOne(Media, { id: mediaId, purpose: 'course-cover' });
    if (media) await this.removeMedia(media);
  }

  private async removeMedia(media: Media): Promise<void> {
    // The row goes first: a failure after it leaves an orphan object, never a record without a file.
    await this.em.transactional(async (em) => {
      this.outbox.record(em, MEDIA_EVENTS.mediaDeleted, { mediaId: media.id, ownerId: media.ownerId });
      await em.nativeDelete(Media, { id: media.id });
    });
    await this.storage.remove(media.allKeys());
  }

  private async refuse(media: Media, reason: string): Promise<never> {
    await this.storage.remove([media.objectKey]);
    media.status = 'failed';
    media.failureReason = reason;
    await this.em.flush();
    throw new InvalidInputError(reason);
  }

  private async find(id: string): Promise<Media> {
    const media = await this.em.findOne(Media, { id });
    if (!media) throw new NotFoundError('Media', id);
    return media;
  }

  private async owned(id: string, user: AuthenticatedUser): Promise<Media> {
    const media = await this.find(id);
    if (media.ownerId !== user.id) throw new ForbiddenError('Only the uploader can complete this upload');
    return media;
  }
}
