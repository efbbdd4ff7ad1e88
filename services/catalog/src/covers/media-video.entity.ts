import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Who uploaded a video, as media reported it (event `media.video.uploaded`): a lesson may show
 * only a video its course's instructor uploaded.
 */
@Entity({ tableName: 'media_videos' })
export class MediaVideo {
  @PrimaryKey({ type: 'uuid' })
  mediaId: string;

  @Property({ type: 'uuid' })
  ownerId: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  reportedAt: Date = new Date();

  constructor(mediaId: string, ownerId: string) {
    this.mediaId = mediaId;
    this.ownerId = ownerId;
  }
}
