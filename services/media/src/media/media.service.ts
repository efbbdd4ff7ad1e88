import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser, hasRole } from '@platform/auth';
import {
  type CourseCoverChangedPayload,
  type CourseDeletedPayload,
  type ImageVariantName,
  MEDIA_EVENTS,
} from '@platform/contracts';
import { Outbox } from '@platform/messaging';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthenticatedError,
  UnsupportedMediaTypeError,
} from '@platform/service-kit';
import { MediaConfig } from '../config/media.config';
import { ObjectStorage } from '../storage/object-storage';
import { sniffContentType } from './content-sniffer';
import type { CompletedPartDto, RequestUploadDto } from './dto/upload.dto';
import { Media } from './media.entity';
import { mediaView, type MediaView } from './media.views';
import { EXTENSION_OF, UPLOAD_POLICY } from './upload-policy';
import { isUtf8Text, isWebVttHeader } from './webvtt';

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
      // Every part but the last is exactly partSize bytes; each URL is signed for its part's size.
      const parts = await Promise.all(
        Array.from({ length: count }, async (_, index) => ({
          partNumber: index + 1,
          url: await this.storage.presignPart(
            media.objectKey,
            media.uploadId!,
            index + 1,
            Math.min(partSize, dto.size - index * partSize),
          ),
        })),
      );
      await this.em.persistAndFlush(media);
      return { id: media.id, uploadId: media.uploadId, partSize, parts, expiresAt };
    }
    await this.em.persistAndFlush(media);
    return {
      id: media.id,
      method: 'PUT',
      uploadUrl: await this.storage.presignPut(media.objectKey, dto.contentType, dto.size),
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
    // Captions are small (the policy bounds them) and players read them as text: check all of it.
    if (media.contentType === 'text/vtt') {
      const captions = await this.storage.read(media.objectKey);
      if (isWebVttHeader(captions) && !isUtf8Text(captions))
        await this.refuse(media, 'The captions are not UTF-8 text');
    }
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
    if (media.purpose !== 'course-cover' && !user) throw new UnauthenticatedError('Sign in to watch lesson videos');
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
    // The row goes first: a failure after it leaves an orphan object, never a record without a file.
    await this.em.transactional((tx) => this.deleteRow(tx, media));
    await this.deleteObjects(media);
  }

  /**
   * catalog's cover events: an image a course starts using is remembered as used by it; one it stops
   * using (cover replaced, course deleted) is deleted once no course uses it any more. Only an image
   * the course's instructor uploaded counts: a course naming somebody else's image (catalog refuses
   * that when it can, but media's report may reach catalog after the cover is set) neither uses it
   * nor deletes it on release. `instructorId` is absent only in events recorded before it existed.
   * Idempotent: a redelivered event finds the same state. Runs in the consumer's transaction (`em`).
   */
  async coverChanged(em: EntityManager, change: CourseCoverChangedPayload): Promise<void> {
    const { courseId, mediaId, previousMediaId, instructorId } = change;
    if (mediaId) {
      const cover = await this.lockCover(em, mediaId);
      if (cover && ownedBy(cover, instructorId)) cover.useFor(courseId);
    }
    if (previousMediaId && previousMediaId !== mediaId)
      await this.releaseCover(em, courseId, previousMediaId, instructorId);
  }

  async courseDeleted(em: EntityManager, deleted: CourseDeletedPayload): Promise<void> {
    if (deleted.coverMediaId) await this.releaseCover(em, deleted.courseId, deleted.coverMediaId, deleted.instructorId);
  }

  private lockCover(em: EntityManager, mediaId: string): Promise<Media | null> {
    return em.findOne(Media, { id: mediaId, purpose: 'course-cover' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  private async releaseCover(
    em: EntityManager,
    courseId: string,
    mediaId: string,
    instructorId: string | undefined,
  ): Promise<void> {
    const cover = await this.lockCover(em, mediaId);
    if (!cover) return;
    if (!ownedBy(cover, instructorId) || cover.usedBy.some((id) => id !== courseId)) return cover.releaseFrom(courseId);
    // In the handler's transaction, which commits after this returns; if it does not, the event is
    // redelivered and deleting the objects again is harmless.
    await this.deleteRow(em, cover);
    await this.deleteObjects(cover);
  }

  private async deleteRow(em: EntityManager, media: Media): Promise<void> {
    this.outbox.record(em, MEDIA_EVENTS.mediaDeleted, { mediaId: media.id, ownerId: media.ownerId });
    await em.nativeDelete(Media, { id: media.id });
  }

  private async deleteObjects(media: Media): Promise<void> {
    if (media.uploadId) await this.storage.abortMultipart(media.objectKey, media.uploadId);
    await this.storage.remove(media.allKeys());
  }

  private async refuse(media: Media, reason: string): Promise<never> {
    await this.storage.remove([media.objectKey]);
    media.markFailed(reason);
    media.uploadId = null; // a multipart upload was completed before the checks
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

function ownedBy(cover: Media, instructorId: string | undefined): boolean {
  return instructorId === undefined || cover.ownerId === instructorId;
}
