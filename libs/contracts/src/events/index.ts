import * as catalog from './catalog.events';
import * as identity from './identity.events';
import * as media from './media.events';
import * as progress from './progress.events';

export * from './envelope';
export * from './consumer-queue';
export * from './identity.events';
export * from './catalog.events';
export * from './media.events';
export * from './progress.events';
export * from './event-schemas';
export * from './asyncapi';

/** Every event name mapped to its payload type: lets publishers and handlers be type-checked. */
export interface EventPayloads {
  [identity.IDENTITY_EVENTS.userRegistered]: identity.UserRegisteredPayload;
  [identity.IDENTITY_EVENTS.userRolesChanged]: identity.UserRolesChangedPayload;
  [catalog.CATALOG_EVENTS.coursePublished]: catalog.CoursePublishedPayload;
  [catalog.CATALOG_EVENTS.courseUpdated]: catalog.CourseUpdatedPayload;
  [catalog.CATALOG_EVENTS.courseUnpublished]: catalog.CourseUnpublishedPayload;
  [catalog.CATALOG_EVENTS.courseDeleted]: catalog.CourseDeletedPayload;
  [catalog.CATALOG_EVENTS.courseCoverChanged]: catalog.CourseCoverChangedPayload;
  [catalog.CATALOG_EVENTS.courseMediaChanged]: catalog.CourseMediaChangedPayload;
  [catalog.CATALOG_EVENTS.sectionAdded]: catalog.SectionEventPayload;
  [catalog.CATALOG_EVENTS.sectionChanged]: catalog.SectionEventPayload;
  [catalog.CATALOG_EVENTS.sectionRemoved]: catalog.SectionRemovedPayload;
  [catalog.CATALOG_EVENTS.lessonAdded]: catalog.LessonEventPayload;
  [catalog.CATALOG_EVENTS.lessonChanged]: catalog.LessonEventPayload;
  [catalog.CATALOG_EVENTS.lessonRemoved]: catalog.LessonRemovedPayload;
  [media.MEDIA_EVENTS.imageUploaded]: media.ImageUploadedPayload;
  [media.MEDIA_EVENTS.imageProcessed]: media.ImageProcessedPayload;
  [media.MEDIA_EVENTS.videoUploaded]: media.VideoUploadedPayload;
  [media.MEDIA_EVENTS.mediaDeleted]: media.MediaDeletedPayload;
  [progress.PROGRESS_EVENTS.courseCompleted]: progress.CourseCompletedPayload;
}

export type EventType = keyof EventPayloads;
