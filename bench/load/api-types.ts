// The answers the load generator reads, as the types generated from the services' OpenAPI documents
// (libs/contracts/src/http). Every field is optional here: a journey counts a broken answer as a
// failed step instead of trusting it.
import type { CatalogApi, IdentityApi, MediaApi, ProgressApi } from '@platform/contracts';

type Loose<T> = Partial<T>;
type Identity = IdentityApi.components['schemas'];
type Catalog = CatalogApi.components['schemas'];
type Progress = ProgressApi.components['schemas'];

export type SessionAnswer = Loose<Identity['CookieSession']>;
export type UserAnswer = Loose<Identity['UserView']>;
export type CourseAnswer = Loose<Catalog['CourseView']>;
export type CoursePageAnswer = Loose<Catalog['CourseSummaryPage']>;
export type SectionAnswer = Loose<Catalog['SectionView']>;
export type LessonAnswer = Loose<Catalog['LessonView']>;
export type AttemptAnswer = Loose<Progress['AttemptResult']>;
export type EnrollmentPageAnswer = Loose<Progress['EnrollmentPage']>;
export type CourseProgressAnswer = Loose<Progress['CourseProgressView']>;
export type UploadTicketAnswer = Loose<Extract<MediaApi.components['schemas']['UploadTicket'], { uploadUrl: string }>>;
