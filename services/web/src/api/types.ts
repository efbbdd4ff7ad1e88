// Payload types of the public HTTP contract (DESIGN.md "Payload names"), as this client uses them.
// Names and enumerations shared with the services come from @platform/contracts (type-only).
import type {
  CourseCategory,
  CourseSort,
  ImageVariantName,
  LessonType,
  MediaPurpose,
  QuizReviewPolicy,
  Role,
} from '@platform/contracts';

export type { CourseCategory, CourseSort, ImageVariantName, LessonType, MediaPurpose, QuizReviewPolicy, Role };

/** Every error body the services send. */
export interface ApiErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly message: string | string[];
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly page: number;
  readonly limit: number;
}

export interface PageQuery {
  readonly page?: number;
  readonly limit?: number;
}

// ── identity ────────────────────────────────────────────────────────────────────────────────────

export interface User {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: Role[];
  readonly emailVerified: boolean;
  /** Set by an admin: the account cannot sign in. */
  readonly disabled?: boolean;
}

export interface RegisterRequest {
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
}

export interface LoginRequest {
  readonly email: string;
  readonly password: string;
}

/** login and refresh answer with a token pair (refresh may leave `user` out). */
export interface TokenPair {
  readonly accessToken: string;
  /** Absent in cookie mode, which this app uses: identity keeps it in an HttpOnly cookie. */
  readonly refreshToken?: string;
  /** Seconds the access token lives. */
  readonly expiresIn: number;
  readonly user?: User;
}

export interface Session extends TokenPair {
  readonly user: User;
}

export interface ChangePasswordRequest {
  readonly currentPassword: string;
  readonly newPassword: string;
}

export interface UserQuery extends PageQuery {
  readonly search?: string;
}

// ── catalog ─────────────────────────────────────────────────────────────────────────────────────

export type CourseStatus = 'draft' | 'published' | 'archived';

export interface LessonSummary {
  readonly id: string;
  readonly type: LessonType;
  readonly title: string;
  readonly position: number;
}

export interface Section {
  readonly id: string;
  readonly title: string;
  readonly position: number;
  readonly lessons: LessonSummary[];
}

export interface Course {
  readonly id: string;
  readonly title: string;
  readonly slug: string;
  readonly description: string;
  readonly status: CourseStatus;
  readonly category?: CourseCategory | null;
  readonly instructorId: string;
  /** The instructor's display name ('' when catalog does not know it). */
  readonly instructorName?: string;
  readonly lessonCount?: number;
  /** Estimated length in minutes: reading, quizzes (videos of unknown length count nothing). */
  readonly estimatedMinutes?: number;
  readonly coverMediaId: string | null;
  readonly coverUrl: string | null;
  readonly coverSmallUrl: string | null;
  /** `<img srcset>` of the cover's variants. */
  readonly coverSrcset?: string | null;
  /** When it was (last) published; null for a course never published. */
  readonly publishedAt?: string | null;
  /** Present on GET /courses/:id (the outline); listings may leave it out. */
  readonly sections?: Section[];
}

export interface CourseQuery extends PageQuery {
  readonly search?: string;
  readonly category?: CourseCategory;
  readonly sort?: CourseSort;
  /** Ask for the signed-in instructor's own courses, drafts included (ignored by a catalog that lacks it). */
  readonly mine?: boolean;
  /** Every course of every status (admins). */
  readonly all?: boolean;
  readonly status?: CourseStatus;
}

export interface CourseInput {
  readonly title: string;
  readonly description: string;
  readonly category?: CourseCategory | null;
}

export interface QuizChoice {
  readonly id: string;
  readonly text: string;
  /** Only for the course's instructor: quiz answers are never shown to learners. */
  readonly correct?: boolean;
}

export interface QuizQuestion {
  readonly id: string;
  readonly prompt: string;
  readonly choices: QuizChoice[];
  /** Only for the course's instructor: learners get it from progress with their results. */
  readonly explanation?: string | null;
}

export interface Lesson extends LessonSummary {
  readonly sectionId?: string;
  readonly courseId?: string;
  /** text lessons */
  readonly content?: string;
  /** video lessons */
  readonly mediaId?: string | null;
  /** media's stable redirect path: needs a bearer token, so players use `mediaId` instead. */
  readonly videoUrl?: string | null;
  /** WebVTT captions of a video lesson (a media id). */
  readonly captionsMediaId?: string | null;
  /** quiz lessons */
  readonly passPercent?: number;
  readonly maxAttempts?: number;
  readonly review?: QuizReviewPolicy;
  readonly allowRetakeAfterPass?: boolean;
  readonly questions?: QuizQuestion[];
}

/** A quiz's rules for its learners, as its instructor sets them. */
export interface QuizSettingsInput {
  readonly maxAttempts: number;
  readonly review: QuizReviewPolicy;
  readonly allowRetakeAfterPass: boolean;
}

export interface QuizChoiceInput {
  readonly text: string;
  readonly correct: boolean;
}

export interface QuizQuestionInput {
  readonly prompt: string;
  readonly choices: QuizChoiceInput[];
  readonly explanation?: string | null;
}

export type LessonInput =
  | { readonly type: 'text'; readonly title: string; readonly content: string }
  | {
      readonly type: 'video';
      readonly title: string;
      readonly mediaId: string;
      readonly captionsMediaId?: string | null;
    }
  | ({
      readonly type: 'quiz';
      readonly title: string;
      readonly passPercent: number;
      readonly questions: QuizQuestionInput[];
    } & Partial<QuizSettingsInput>);

/** PATCH /lessons/:id: any field of the lesson's own type, or a new position. */
export interface LessonPatch {
  readonly title?: string;
  readonly position?: number;
  /** Another section of the same course. */
  readonly sectionId?: string;
  readonly content?: string;
  readonly mediaId?: string;
  /** null removes the captions. */
  readonly captionsMediaId?: string | null;
  readonly passPercent?: number;
  readonly maxAttempts?: number;
  readonly review?: QuizReviewPolicy;
  readonly allowRetakeAfterPass?: boolean;
  readonly questions?: QuizQuestionInput[];
}

export interface Comment {
  readonly id: string;
  readonly lessonId: string;
  readonly authorId: string;
  readonly authorName?: string;
  readonly body: string;
  readonly createdAt: string;
  /** The comment this one answers (one level deep). */
  readonly parentId?: string | null;
  readonly editedAt?: string | null;
}

/** A comment in the moderators' queue (GET /api/catalog/comments). */
export interface QueuedComment extends Comment {
  readonly courseId: string;
  readonly courseTitle: string;
  readonly lessonTitle: string;
  readonly reportCount: number;
}

// ── progress ────────────────────────────────────────────────────────────────────────────────────

export interface Enrollment {
  readonly courseId: string;
  readonly title?: string;
  /** What became of the course since: only a published one can be opened in the catalogue. */
  readonly courseStatus?: 'published' | 'unpublished' | 'deleted';
  readonly enrolledAt?: string;
  readonly percent?: number;
  readonly completedAt?: string | null;
  /** Set once the course is complete: the certificate at /certificates/:id. */
  readonly certificateId?: string | null;
}

/** GET /api/progress/courses/:id/stats (the course's instructor and admins). Shares are 0..1. */
export interface CourseStats {
  readonly courseId: string;
  readonly title: string;
  readonly courseStatus: 'published' | 'unpublished' | 'deleted';
  readonly enrollments: number;
  readonly completions: number;
  readonly completionRate: number;
  readonly enrollmentsOverTime: ReadonlyArray<{ date: string; enrollments: number; total: number }>;
  readonly lessons: ReadonlyArray<{ id: string; type: string; completed: number; completionRate: number }>;
  readonly quizzes: ReadonlyArray<{ lessonId: string; learners: number; passRate: number; averageAttempts: number }>;
}

export interface Certificate {
  readonly id: string;
  readonly courseId?: string;
  readonly learnerName: string;
  readonly courseTitle: string;
  readonly completedAt: string;
}

/** Where the learner stopped in a video lesson, and how much of it progress counts as watched. */
export interface VideoPosition {
  readonly lessonId: string;
  readonly courseId: string;
  /** Seconds. */
  readonly position: number;
  readonly duration: number | null;
  readonly watchedPercent: number;
  readonly completed: boolean;
}

export interface QuizAttemptRequest {
  readonly answers: { readonly questionId: string; readonly choiceIds: string[] }[];
}

/** One question of an attempt under review: the learner's choices, the right ones and why. */
export interface QuizQuestionReview {
  readonly questionId: string;
  readonly choiceIds: string[];
  readonly correct: boolean;
  /** null when the question was replaced since the attempt. */
  readonly correctChoiceIds: string[] | null;
  readonly explanation: string | null;
}

/** An attempt: `correctCount` and `questions` only once the quiz's review setting allows. */
export interface QuizAttempt {
  readonly id: string;
  readonly attemptNumber: number;
  readonly score: number;
  readonly passed: boolean;
  readonly total: number;
  readonly createdAt: string;
  readonly correctCount?: number;
  readonly questions?: QuizQuestionReview[];
}

/** Where the learner stands on a quiz. */
export interface QuizStanding {
  readonly maxAttempts: number;
  readonly attemptsUsed: number;
  readonly attemptsLeft: number;
  readonly quizPassed: boolean;
  readonly canAttempt: boolean;
  readonly reviewAvailable: boolean;
}

export type QuizAttemptResult = QuizAttempt & QuizStanding;

/** GET /quizzes/:lessonId/attempts: the caller's own attempts, newest first. */
export interface QuizAttemptHistory extends Page<QuizAttempt>, QuizStanding {
  readonly lessonId: string;
  readonly review: QuizReviewPolicy;
  readonly allowRetakeAfterPass: boolean;
}

export interface CourseProgress {
  readonly courseId: string;
  /** false: a published course the caller has not joined. */
  readonly enrolled?: boolean;
  readonly certificateId?: string | null;
  readonly percent: number;
  readonly completedLessons: number;
  readonly totalLessons: number;
  readonly sections: {
    readonly id: string;
    readonly lessons: { readonly id: string; readonly completed: boolean }[];
  }[];
}

// ── media ───────────────────────────────────────────────────────────────────────────────────────

export interface UploadRequest {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly purpose: MediaPurpose;
}

export interface UploadPart {
  readonly partNumber: number;
  readonly url: string;
}

export interface UploadTicket {
  readonly id: string;
  readonly uploadUrl?: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly expiresAt: string;
  /** Multipart uploads of large videos: one presigned URL per part of `partSize` bytes. */
  readonly parts?: UploadPart[];
  readonly partSize?: number;
}

export interface CompletedPart {
  readonly partNumber: number;
  readonly etag: string;
}

export type MediaStatus = 'pending' | 'processing' | 'ready' | 'failed';

export interface MediaVariant {
  readonly url: string;
  readonly width: number;
  readonly height: number;
}

export interface Media {
  readonly id: string;
  readonly status: MediaStatus;
  /** Shown to the file's owner and admins only (null for others). */
  readonly filename?: string | null;
  readonly contentType: string;
  readonly url: string | null;
  readonly variants: Partial<Record<ImageVariantName, MediaVariant>>;
  readonly failureReason?: string | null;
  /** When `url` and the variants' URLs stop working (ISO time); null until ready. */
  readonly expiresAt?: string | null;
}
