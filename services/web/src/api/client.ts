// One function per endpoint of the public HTTP contract (DESIGN.md), grouped by service, each a call of
// openapi-fetch typed by the services' documents: a path, method, parameter or body the documents do
// not have fails to compile.
import type { CatalogApi, IdentityApi, MediaApi, ProgressApi } from '@platform/contracts';
import createClient from 'openapi-fetch';
import { toApiError } from './errors';
import { COOKIE_SESSION_HEADERS, type HttpClient, withQuery } from './http';
import type {
  ChangePasswordRequest,
  Certificate,
  Comment,
  CompletedPart,
  Course,
  CourseInput,
  CoursePatch,
  CourseProgress,
  CourseQuery,
  CourseStats,
  Enrollment,
  Lesson,
  LessonInput,
  LessonPatch,
  LoginRequest,
  Media,
  Page,
  PageQuery,
  QuizAttemptHistory,
  QueuedComment,
  QuizAttemptRequest,
  QuizAttemptResult,
  RegisterRequest,
  Role,
  Section,
  Session,
  UploadRequest,
  UploadTicket,
  User,
  UserQuery,
  VideoPosition,
} from './types';

type PlatformPaths = IdentityApi.paths & CatalogApi.paths & ProgressApi.paths & MediaApi.paths;

/** Lists may come paginated `{ items, … }` or, from an older service, as a bare array. */
export function itemsOf<T>(list: Page<T> | T[]): T[] {
  return Array.isArray(list) ? list : list.items;
}

/** The answer's body, or the contract's error (ApiError) for any status that is not a success. */
async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error, response.statusText);
  return data as T;
}

export function createApi(http: HttpClient) {
  const options = {
    baseUrl: http.baseUrl,
    // The services read empty and false filters as absent, as withQuery leaves them out.
    querySerializer: (query: Record<string, unknown>) =>
      withQuery('', query as Record<string, string | number | boolean | undefined>).replace(/^\?/, ''),
  };
  /** Sends the session's access token (and refreshes it on a 401); public endpoints may still read it. */
  const signedIn = createClient<PlatformPaths>({ ...options, fetch: (request) => http.fetch(request, true) });
  /** Sends no token: sign-up, sign-in and the mails' links. */
  const anonymous = createClient<PlatformPaths>({ ...options, fetch: (request) => http.fetch(request, false) });
  const byId = (id: string) => ({ params: { path: { id } } });

  const identity = {
    register: (body: RegisterRequest): Promise<User> => answer(anonymous.POST('/api/identity/register', { body })),
    verifyEmail: (token: string) => answer(anonymous.POST('/api/identity/verify-email', { body: { token } })),
    resendVerification: (email: string) =>
      answer(anonymous.POST('/api/identity/verify-email/resend', { body: { email } })),
    // The refresh token stays in identity's HttpOnly cookie (token-store.ts): never in this app's hands.
    login: (body: LoginRequest): Promise<Session> =>
      answer(anonymous.POST('/api/identity/login', { body, headers: COOKIE_SESSION_HEADERS })) as Promise<Session>,
    logout: () => answer(anonymous.POST('/api/identity/logout', { body: {}, headers: COOKIE_SESSION_HEADERS })),
    me: (): Promise<User> => answer(signedIn.GET('/api/identity/me')),
    updateMe: (body: { displayName: string }): Promise<User> => answer(signedIn.PATCH('/api/identity/me', { body })),
    changePassword: (body: ChangePasswordRequest) => answer(signedIn.POST('/api/identity/me/password', { body })),
    requestPasswordReset: (email: string) =>
      answer(anonymous.POST('/api/identity/password-reset/request', { body: { email } })),
    confirmPasswordReset: (token: string, newPassword: string) =>
      answer(anonymous.POST('/api/identity/password-reset/confirm', { body: { token, newPassword } })),
    listUsers: (query: UserQuery = {}): Promise<Page<User>> =>
      answer(signedIn.GET('/api/identity/users', { params: { query } })),
    setRoles: (userId: string, roles: Role[]): Promise<User> =>
      answer(signedIn.PUT('/api/identity/users/{id}/roles', { ...byId(userId), body: { roles } })),
    setDisabled: (userId: string, disabled: boolean): Promise<User> =>
      answer(signedIn.PUT('/api/identity/users/{id}/disabled', { ...byId(userId), body: { disabled } })),
    resendVerificationTo: (userId: string) =>
      answer(signedIn.POST('/api/identity/users/{id}/verification-mail', byId(userId))),
  };

  const catalog = {
    listCourses: (query: CourseQuery = {}): Promise<Page<Course>> =>
      answer(signedIn.GET('/api/catalog/courses', { params: { query } })),
    createCourse: (body: CourseInput): Promise<Course> => answer(signedIn.POST('/api/catalog/courses', { body })),
    getCourse: (courseId: string): Promise<Course> => answer(signedIn.GET('/api/catalog/courses/{id}', byId(courseId))),
    updateCourse: (courseId: string, body: CoursePatch): Promise<Course> =>
      answer(signedIn.PATCH('/api/catalog/courses/{id}', { ...byId(courseId), body })),
    deleteCourse: (courseId: string) => answer(signedIn.DELETE('/api/catalog/courses/{id}', byId(courseId))),
    publishCourse: (courseId: string): Promise<Course> =>
      answer(signedIn.POST('/api/catalog/courses/{id}/publish', byId(courseId))),
    changeCourseStatus: (courseId: string, action: 'unpublish' | 'archive' | 'restore'): Promise<Course> =>
      answer(signedIn.POST(`/api/catalog/courses/{id}/${action}`, byId(courseId))),
    duplicateCourse: (courseId: string): Promise<Course> =>
      answer(signedIn.POST('/api/catalog/courses/{id}/duplicate', byId(courseId))),
    setCover: (courseId: string, mediaId: string): Promise<Course> =>
      answer(signedIn.PUT('/api/catalog/courses/{id}/cover', { ...byId(courseId), body: { mediaId } })),
    addSection: (courseId: string, title: string): Promise<Section> =>
      answer(signedIn.POST('/api/catalog/courses/{id}/sections', { ...byId(courseId), body: { title } })),
    /** Answers the course with its new outline. */
    updateSection: (sectionId: string, body: { title?: string; position?: number }): Promise<Course> =>
      answer(signedIn.PATCH('/api/catalog/sections/{id}', { ...byId(sectionId), body })),
    deleteSection: (sectionId: string) => answer(signedIn.DELETE('/api/catalog/sections/{id}', byId(sectionId))),
    addLesson: (sectionId: string, body: LessonInput): Promise<Lesson> =>
      answer(signedIn.POST('/api/catalog/sections/{id}/lessons', { ...byId(sectionId), body })),
    getLesson: (lessonId: string): Promise<Lesson> => answer(signedIn.GET('/api/catalog/lessons/{id}', byId(lessonId))),
    updateLesson: (lessonId: string, body: LessonPatch): Promise<Lesson> =>
      answer(signedIn.PATCH('/api/catalog/lessons/{id}', { ...byId(lessonId), body })),
    deleteLesson: (lessonId: string) => answer(signedIn.DELETE('/api/catalog/lessons/{id}', byId(lessonId))),
    listComments: (lessonId: string, query: PageQuery = {}): Promise<Page<Comment> | Comment[]> =>
      answer(signedIn.GET('/api/catalog/lessons/{id}/comments', { params: { path: { id: lessonId }, query } })),
    addComment: (lessonId: string, body: string, parentId?: string): Promise<Comment> =>
      answer(
        signedIn.POST('/api/catalog/lessons/{id}/comments', {
          ...byId(lessonId),
          body: parentId ? { body, parentId } : { body },
        }),
      ),
    editComment: (commentId: string, body: string): Promise<Comment> =>
      answer(signedIn.PATCH('/api/catalog/comments/{id}', { ...byId(commentId), body: { body } })),
    reportComment: (commentId: string) => answer(signedIn.POST('/api/catalog/comments/{id}/reports', byId(commentId))),
    moderationQueue: (query: PageQuery = {}): Promise<Page<QueuedComment>> =>
      answer(signedIn.GET('/api/catalog/comments', { params: { query } })),
    deleteComment: (commentId: string) => answer(signedIn.DELETE('/api/catalog/comments/{id}', byId(commentId))),
  };

  const progress = {
    enroll: (courseId: string): Promise<Enrollment> =>
      answer(signedIn.POST('/api/progress/enrollments', { body: { courseId } })),
    listEnrollments: (query: PageQuery = {}): Promise<Page<Enrollment> | Enrollment[]> =>
      answer(signedIn.GET('/api/progress/enrollments', { params: { query } })),
    completeLesson: (lessonId: string) => answer(signedIn.POST('/api/progress/lessons/{id}/complete', byId(lessonId))),
    attemptQuiz: (lessonId: string, body: QuizAttemptRequest): Promise<QuizAttemptResult> =>
      answer(signedIn.POST('/api/progress/quizzes/{lessonId}/attempts', { params: { path: { lessonId } }, body })),
    quizAttempts: (lessonId: string, query: PageQuery = {}): Promise<QuizAttemptHistory> =>
      answer(signedIn.GET('/api/progress/quizzes/{lessonId}/attempts', { params: { path: { lessonId }, query } })),
    courseProgress: (courseId: string): Promise<CourseProgress> =>
      answer(signedIn.GET('/api/progress/courses/{courseId}', { params: { path: { courseId } } })),
    courseStats: (courseId: string): Promise<CourseStats> =>
      answer(signedIn.GET('/api/progress/courses/{id}/stats', byId(courseId))),
    certificate: (certificateId: string): Promise<Certificate> =>
      answer(anonymous.GET('/api/progress/certificates/{id}', byId(certificateId))),
    videoPosition: (lessonId: string): Promise<VideoPosition> =>
      answer(signedIn.GET('/api/progress/lessons/{id}/position', byId(lessonId))),
    /** `keepalive`: the report still goes out when the page is being left. */
    reportVideoPosition: (
      lessonId: string,
      body: { position: number; duration: number },
      keepalive = false,
    ): Promise<VideoPosition> =>
      answer(signedIn.PUT('/api/progress/lessons/{id}/position', { ...byId(lessonId), body, keepalive })),
  };

  const media = {
    requestUpload: (body: UploadRequest): Promise<UploadTicket> =>
      answer(signedIn.POST('/api/media/uploads', { body })),
    completeUpload: (mediaId: string, parts?: CompletedPart[]): Promise<Media> =>
      answer(signedIn.POST('/api/media/uploads/{id}/complete', { ...byId(mediaId), body: parts ? { parts } : {} })),
    getMedia: (mediaId: string): Promise<Media> => answer(signedIn.GET('/api/media/{id}', byId(mediaId))),
    deleteMedia: (mediaId: string) => answer(signedIn.DELETE('/api/media/{id}', byId(mediaId))),
  };

  return { identity, catalog, progress, media };
}

export type Api = ReturnType<typeof createApi>;
