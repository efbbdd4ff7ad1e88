// The payload types of the public HTTP contract under the names this client uses: every one is the
// type openapi-typescript generated from a service's OpenAPI document (libs/contracts/src/http,
// `npm run generate:contracts`), so a change of an answer's schema shows here at compile time.
import type {
  CatalogApi,
  CourseCategory,
  CourseSort,
  IdentityApi,
  ImageVariantName,
  LessonType,
  MediaApi,
  MediaPurpose,
  ProgressApi,
  QuizReviewPolicy,
  Role,
} from '@platform/contracts';

export type { CourseCategory, CourseSort, ImageVariantName, LessonType, MediaPurpose, QuizReviewPolicy, Role };

type IdentitySchemas = IdentityApi.components['schemas'];
type CatalogSchemas = CatalogApi.components['schemas'];
type ProgressSchemas = ProgressApi.components['schemas'];
type MediaSchemas = MediaApi.components['schemas'];
type QueryOf<Operation> = Operation extends { parameters: { query?: infer Query } } ? NonNullable<Query> : never;

/** Every error body the services send. */
export type ApiErrorBody = IdentitySchemas['ErrorBody'];

/** The one page shape of every list (each service's `<Item>Page` schema), for any item. */
export type Page<T> = Omit<CatalogSchemas['CourseSummaryPage'], 'items'> & { items: T[] };
export type PageQuery = Pick<QueryOf<CatalogApi.operations['CommentsController_list']>, 'page' | 'limit'>;

// ── identity ────────────────────────────────────────────────────────────────────────────────────

export type User = IdentitySchemas['UserView'];
export type RegisterRequest = IdentitySchemas['RegisterDto'];
export type LoginRequest = IdentitySchemas['LoginDto'];
/** login and refresh: with `refreshToken` in body mode, without it in cookie mode (this app's). */
export type TokenPair = IdentitySchemas['SessionAnswer'];
export type Session = IdentitySchemas['CookieSession'];
export type ChangePasswordRequest = IdentitySchemas['ChangePasswordDto'];
export type UserQuery = QueryOf<IdentityApi.operations['AdminUsersController_list']>;

// ── catalog ─────────────────────────────────────────────────────────────────────────────────────

export type CourseStatus = CatalogSchemas['CourseSummaryView']['status'];
export type Section = CatalogSchemas['SectionView'];
export type LessonSummary = Section['lessons'][number];
/** A course as listed; GET /courses/:id adds its outline (`sections`) and `revision`. */
export type Course = CatalogSchemas['CourseSummaryView'] &
  Partial<Pick<CatalogSchemas['CourseView'], 'sections' | 'revision'>>;
export type CourseQuery = QueryOf<CatalogApi.operations['CoursesController_list']>;
export type CourseInput = CatalogSchemas['CreateCourseDto'];
/** PATCH /courses/:id: null removes the category. */
export type CoursePatch = CatalogSchemas['UpdateCourseDto'];
export type Lesson = CatalogSchemas['LessonView'];
export type QuizQuestion = NonNullable<Lesson['questions']>[number];
export type QuizChoice = QuizQuestion['choices'][number];
export type QuizChoiceInput = CatalogSchemas['ChoiceDto'];
export type QuizQuestionInput = CatalogSchemas['QuestionDto'];
export type QuizSettingsInput = Required<Pick<LessonInput, 'maxAttempts' | 'review' | 'allowRetakeAfterPass'>>;
export type LessonInput = CatalogSchemas['CreateLessonDto'];
/** PATCH /lessons/:id: any field of the lesson's own type, or a new position. */
export type LessonPatch = CatalogSchemas['UpdateLessonDto'];
export type Comment = CatalogSchemas['CommentView'];
/** A comment in the moderators' queue (GET /api/catalog/comments). */
export type QueuedComment = CatalogSchemas['QueuedCommentView'];

// ── progress ────────────────────────────────────────────────────────────────────────────────────

export type Enrollment = ProgressSchemas['EnrollmentView'];
/** GET /api/progress/courses/:id/stats (the course's instructor and admins). Shares are 0..1. */
export type CourseStats = ProgressSchemas['CourseStatsView'];
export type Certificate = ProgressSchemas['CertificateView'];
export type VideoPosition = ProgressSchemas['VideoPositionView'];
export type QuizAttemptRequest = ProgressSchemas['AttemptDto'];
export type QuizAttempt = ProgressSchemas['AttemptView'];
export type QuizQuestionReview = NonNullable<QuizAttempt['questions']>[number];
export type QuizAttemptResult = ProgressSchemas['AttemptResult'];
export type QuizStanding = Omit<QuizAttemptResult, keyof QuizAttempt>;
/** GET /quizzes/:lessonId/attempts: the caller's own attempts, newest first. */
export type QuizAttemptHistory = ProgressSchemas['AttemptHistory'];
export type CourseProgress = ProgressSchemas['CourseProgressView'];

// ── media ───────────────────────────────────────────────────────────────────────────────────────

export type UploadRequest = MediaSchemas['RequestUploadDto'];
export type UploadTicket = MediaSchemas['UploadTicket'];
export type UploadPart = Extract<UploadTicket, { parts: unknown }>['parts'][number];
export type CompletedPart = MediaSchemas['CompletedPartDto'];
export type Media = MediaSchemas['MediaView'];
export type MediaStatus = Media['status'];
export type MediaVariant = Media['variants'][string];
