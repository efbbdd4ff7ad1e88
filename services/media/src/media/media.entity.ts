import { randomUUID } from 'node:crypto';
import { BigIntType, Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import type { ImageVariantName, MediaPurpose } from '@platform/contracts';

export const MEDIA_STATUSES = ['pending', 'processing', 'ready', 'failed'] as const;
export type MediaStatus = (typeof MEDIA_STATUSES)[number];

export interface StoredVariant {
  key: string;
  width: number;
  height: number;
}

@Entity({ tableName: 'media' })
export class Media {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  ownerId: string;

  @Enum({ items: ['course-cover', 'lesson-video', 'lesson-captions'] })
  purpose: MediaPurpose;

  @Property({ type: 'string', length: 100 })
  contentType: string;

  @Property({ type: new BigIntType('number') })
  declaredSize: number;

  /**
   * Where the checked file is served from, chosen by the server (the client's file name never
   * becomes a path): `complete` copies it here, and the client never had a URL that writes here.
   */
  @Property({ type: 'string', length: 300 })
  objectKey: string;

  /**
   * Where the client's presigned PUT (or parts) wrote the file; `complete` deletes that object.
   * Null for media uploaded before the two keys were kept apart (their upload key is `objectKey`).
   */
  @Property({ type: 'string', length: 300, nullable: true })
  uploadKey: string | null;

  /** The name the client gave, kept for display only. */
  @Property({ type: 'string', length: 255 })
  filename: string;

  @Enum({ items: ['pending', 'processing', 'ready', 'failed'] })
  status: MediaStatus = 'pending';

  @Property({ type: 'text', nullable: true })
  failureReason: string | null = null;

  @Property({ type: 'json' })
  variants: Partial<Record<ImageVariantName, StoredVariant>> = {};

  /** Courses whose cover this image is (from catalog's events); an image no course uses any more is deleted. */
  @Property({ type: 'json', defaultRaw: `'[]'` })
  usedBy: string[] = [];

  /**
   * Renders the worker started for this image, counted in a transaction of their own: one that
   * never finished (the worker was killed, or storage failed after rendering) still counts.
   */
  @Property({ type: 'integer', default: 0 })
  renderAttempts = 0;

  /** Multipart upload in progress (large videos). */
  @Property({ type: 'string', length: 1024, nullable: true })
  uploadId: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  constructor(
    ownerId: string,
    purpose: MediaPurpose,
    contentType: string,
    declaredSize: number,
    filename: string,
    extension: string,
  ) {
    this.ownerId = ownerId;
    this.purpose = purpose;
    this.contentType = contentType;
    this.declaredSize = declaredSize;
    this.filename = filename.slice(0, 255);
    this.objectKey = `${purpose}/${this.id}/original.${extension}`;
    this.uploadKey = `incoming/${purpose}/${this.id}.${extension}`;
  }

  /** The key the client's upload wrote to. */
  incomingKey(): string {
    return this.uploadKey ?? this.objectKey;
  }

  /** The worker stored these variants (their keys follow variantKey). */
  markReady(variants: ReadonlyArray<{ name: ImageVariantName; width: number; height: number }>): void {
    this.variants = Object.fromEntries(
      variants.map(({ name, width, height }) => [name, { key: this.variantKey(name), width, height }]),
    );
    this.status = 'ready';
    this.failureReason = null;
  }

  markFailed(reason: string): void {
    this.status = 'failed';
    this.failureReason = reason.slice(0, 1000);
  }

  useFor(courseId: string): void {
    if (!this.usedBy.includes(courseId)) this.usedBy = [...this.usedBy, courseId];
  }

  releaseFrom(courseId: string): void {
    this.usedBy = this.usedBy.filter((id) => id !== courseId);
  }

  variantKey(name: ImageVariantName): string {
    return `${this.purpose}/${this.id}/${name}.webp`;
  }

  allKeys(): string[] {
    const keys = [this.objectKey, ...Object.values(this.variants).map((variant) => variant!.key)];
    // The old upload URL may still write there until it expires: removed along with the rest.
    return this.uploadKey ? [...keys, this.uploadKey] : keys;
  }
}
