import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser, hasRole } from '@platform/auth';
import { type CourseMediaChangedPayload, type ImageVariantName, MEDIA_EVENTS } from '@platform/contracts';
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
import { mp4Problem, sniffContentType } from './content-sniffer';
import { CourseMediaReadModel } from './course-media.service';
import type { CompletedPartDto, RequestUploadDto } from './dto/upload.dto';
import { Media } from './media.entity';
import { MediaRemoval } from './media-removal';
import { mediaView, type MediaView, type UploadTicket } from './media.views';
import { partsProblem } from './multipart-parts';
import { EXTENSION_OF, UPLOAD_POLICY } from './upload-policy';
import { isUtf8Text, isWebVttHeader } from './webvtt';

export type { UploadTicket };

const SNIFF_BYTES = 64;

@Injectable()
export class MediaService {
  constructor(
    private readonly em: EntityManager,
    private readonly storage: ObjectStorage,
    private readonly outbox: Outbox,
    private readonly config: MediaConfig,
    private readonly courses: CourseMediaReadModel,
    private readonly removal: MediaRemoval,
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
      media.uploadId = await this.storage.startMultipart(media.incomingKey(), dto.contentType);
      const count = Math.ceil(dto.size / partSize);
      // Every part but the last is exactly partSize bytes; each URL is signed for its part's size.
      const parts = await Promise.all(
        Array.from({ length: count }, async (_, index) => ({
          partNumber: index + 1,
          url: await this.storage.presignPart(
            media.incomingKey(),
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
      uploadUrl: await this.storage.presignPut(media.incomingKey(), dto.contentType, dto.size),
      headers: { 'content-type': dto.contentType },
      expiresAt,
    };
  }

  /**
   * Trusts nothing the client said. The parts of a multipart upload must be the ones the store
   * holds; the file is then copied server-side to its final key, which no URL the client holds can
   * write (the presigned PUT stays valid until it expires), and the checks run on that copy: the
   * size must match the declared one and the content must be the declared type, else the upload
   * is refused and its objects deleted.
   */
  async complete(id: string, parts: CompletedPartDto[] | undefined, user: AuthenticatedUser): Promise<MediaView> {
    const media = await this.owned(id, user);
    if (media.status !== 'pending') throw new ConflictError(`Upload ${id} is already ${media.status}`);
    const incoming = media.incomingKey();
    if (media.uploadId) await this.assembleParts(media, parts ?? []);
    // A retry after a copy that was not followed by the checks finds the file at its final key.
    if (incoming !== media.objectKey && (await this.storage.sizeOf(incoming)) !== undefined) {
      await this.storage.copy(incoming, media.objectKey);
      await this.storage.remove([incoming]);
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
    if (sniffed === 'video/mp4') {
      const problem = await mp4Problem(
        (offset, length) => this.storage.read(media.objectKey, { start: offset, end: offset + length - 1 }),
        media.declaredSize,
      );
      if (problem) await this.refuse(media, `The file is not a valid MP4: ${problem}`);
    }
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
        // Videos and captions are served as uploaded: no transcoding here. Catalog learns who uploaded a video.
        row.status = 'ready';
        if (row.purpose === 'lesson-video')
          this.outbox.record(em, MEDIA_EVENTS.videoUploaded, { mediaId: row.id, ownerId: row.ownerId });
      }
      return row;
    });
    return mediaView(completed, this.storage, this.config.DOWNLOAD_URL_TTL_SECONDS);
  }

  /** Its owner and admins see everything; readers through a published course (readable) see no file name or failure. */
  async get(id: string, user: AuthenticatedUser): Promise<MediaView> {
    const media = await this.readable(id, user);
    const view = await mediaView(media, this.storage, this.config.DOWNLOAD_URL_TTL_SECONDS);
    return managesMedia(media, user) ? view : { ...view, filename: null, failureReason: null };
  }

  /** A fresh presigned URL for a stable path (`<img>` and `<video>` tags point at it). */
  async fileUrl(
    id: string,
    variant: ImageVariantName | undefined,
    user: AuthenticatedUser | undefined,
  ): Promise<string> {
    const media = await this.readable(id, user);
    if (media.status !== 'ready') throw new NotFoundError('Ready media', id);
    if (variant) {
      const stored = media.variants[variant];
      if (!stored) throw new NotFoundError(`Variant ${variant} of media`, id);
      return this.storage.presignGet(stored.key, 'image/webp');
    }
    return this.storage.presignGet(media.objectKey, media.contentType);
  }

  /**
   * A media file may be read by its owner and admins, and through a published course of its owner
   * that uses it (CourseMediaReadModel.audienceOf): by anyone for a cover or a lesson's image, by
   * signed-in users for a lesson's video. Anything else is 404, as if it did not exist.
   */
  private async readable(id: string, user: AuthenticatedUser | undefined): Promise<Media> {
    const media = await this.find(id);
    if (user && managesMedia(media, user)) return media;
    const audience = await this.courses.audienceOf(media.id, media.ownerId, media.purpose === 'course-cover');
    if (audience === 'anyone' || (audience === 'signed-in' && user)) return media;
    if (audience === 'signed-in') throw new UnauthenticatedError('Sign in to watch lesson videos');
    throw new NotFoundError('Media', id);
  }

  /** catalog's `catalog.course.media-changed`, in the consumer's transaction. */
  courseMediaChanged(em: EntityManager, change: CourseMediaChangedPayload): Promise<void> {
    return this.courses.apply(em, change);
  }

  async delete(id: string, user: AuthenticatedUser): Promise<void> {
    const media = await this.readable(id, user);
    if (!managesMedia(media, user)) throw new ForbiddenError('Only the owner or an admin can delete this media');
    // The row goes first: a failure after it leaves an orphan object, never a record without a file.
    await this.em.transactional((tx) => this.removal.deleteRow(tx, media));
    await this.removal.deleteObjects(media);
  }

  /**
   * Completes a multipart upload with the parts the client names, once they are exactly the parts
   * the store holds (ListParts): a store asked to assemble parts it never received may fail badly
   * (s3rver's process crashed on it).
   */
  private async assembleParts(media: Media, parts: CompletedPartDto[]): Promise<void> {
    if (parts.length === 0)
      throw new InvalidInputError('parts with their ETags are required to complete a multipart upload');
    const stored = await this.storage.listParts(media.incomingKey(), media.uploadId!);
    if (!stored) throw new ConflictError('The multipart upload is gone: request a new upload');
    const expected = Math.ceil(media.declaredSize / this.config.MULTIPART_PART_BYTES);
    const problem = partsProblem(parts, stored, expected);
    if (problem) throw new InvalidInputError(problem);
    await this.storage.completeMultipart(media.incomingKey(), media.uploadId!, parts).catch(() => {
      throw new InvalidInputError('The parts could not be assembled: upload every part and send its ETag');
    });
    // Assembled: a retry of `complete` goes on from the assembled file.
    media.uploadId = null;
    await this.em.flush();
  }

  private async refuse(media: Media, reason: string): Promise<never> {
    await this.storage.remove([media.objectKey, media.incomingKey()]);
    media.markFailed(reason);
    await this.em.flush();
    throw new InvalidInputError(reason);
  }

  private async find(id: string): Promise<Media> {
    const media = await this.em.findOne(Media, { id });
    if (!media) throw new NotFoundError('Media', id);
    return media;
  }

  private async owned(id: string, user: AuthenticatedUser): Promise<Media> {
    const media = await this.readable(id, user);
    if (media.ownerId !== user.id) throw new ForbiddenError('Only the uploader can complete this upload');
    return media;
  }
}

function managesMedia(media: Media, user: AuthenticatedUser): boolean {
  return media.ownerId === user.id || hasRole(user, 'admin');
}
