import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * What media reported about an image (event `media.image.processed`). Kept apart from courses
 * because the report may arrive before or after the course names the image as its cover.
 */
@Entity({ tableName: 'media_images' })
export class MediaImage {
  @PrimaryKey({ type: 'uuid' })
  mediaId: string;

  @Enum({ items: ['ready', 'failed'] })
  status: 'ready' | 'failed';

  @Property({ type: 'json' })
  variants: string[];

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  updatedAt: Date = new Date();

  constructor(mediaId: string, status: 'ready' | 'failed', variants: string[]) {
    this.mediaId = mediaId;
    this.status = status;
    this.variants = variants;
  }
}
