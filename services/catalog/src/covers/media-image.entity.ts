import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * What media reported about an image (event `media.image.processed`). Kept apart from courses
 * because the report may arrive before or after the course names the image as its cover.
 */
@Entity({ tableName: 'media_images' })
export class MediaImage {
  @PrimaryKey({ type: 'uuid' })
  mediaId: string;

  /** Who uploaded the image; null only for reports recorded before owners were kept. */
  @Property({ type: 'uuid', nullable: true })
  ownerId: string | null;

  @Enum({ items: ['ready', 'failed'] })
  status: 'ready' | 'failed';

  @Property({ type: 'json' })
  variants: string[];

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  updatedAt: Date = new Date();

  constructor(mediaId: string, ownerId: string, status: 'ready' | 'failed', variants: string[]) {
    this.mediaId = mediaId;
    this.ownerId = ownerId;
    this.status = status;
    this.variants = variants;
  }

  /** A course may show only an image its own instructor uploaded. */
  mayCover(instructorId: string): boolean {
    return this.ownerId === null || this.ownerId === instructorId;
  }
}
