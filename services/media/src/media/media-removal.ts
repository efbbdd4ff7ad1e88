import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { MEDIA_EVENTS } from '@platform/contracts';
import { Outbox } from '@platform/messaging';
import { ObjectStorage } from '../storage/object-storage';
import { Media } from './media.entity';

/** Deleting a media item: its row (with `media.deleted` in the outbox), then its objects in the store. */
@Injectable()
export class MediaRemoval {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly outbox: Outbox,
  ) {}

  async deleteRow(em: EntityManager, media: Media): Promise<void> {
    this.outbox.record(em, MEDIA_EVENTS.mediaDeleted, { mediaId: media.id, ownerId: media.ownerId });
    await em.nativeDelete(Media, { id: media.id });
  }

  async deleteObjects(media: Media): Promise<void> {
    if (media.uploadId) await this.storage.abortMultipart(media.incomingKey(), media.uploadId);
    await this.storage.remove(media.allKeys());
  }
}
