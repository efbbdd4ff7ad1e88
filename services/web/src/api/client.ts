// One function per endpoint of the public HTTP contract (DESIGN.md), grouped by service.
import { COOKIE_SESSION_HEADERS, type HttpClient } from './http';
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

const id = (value: string): string => encodeURIComponent(value);

/** Lists may come paginated `{ items, … }` or, from an older service, as a bare array. */
export function itemsOf<T>(list: Page<T> | T[]): T[] {
  return Array.isArray(list) ? list : list.items;
}

export function createApi(http: HttpClient) {
  const identity = {
    register: (body: RegisterRequest) => http.request<User>('POST', '/api/identity/register', { body, auth: false }),
    verifyEmail: (token: string) =>
      http.request<unknown>('POST', '/api/identity/verify-email', { body: { token }, auth: false }),
    resendVerification: (email: string) =>
      http.request<unknown>('POST', '/api/identity/verify-email/resend', { body: { email }, auth: false }),
    // The refresh token stays in identity's HttpOnly cookie (token-store.ts): never in this app's hands.
    login: (body: LoginRequest) =>
      http.request<Session>('POST', '/api/identity/login', { body, auth: false, headers: COOKIE_SESSION_HEADERS }),
    logout: () =>
      http.request<unknown>('POST', '/api/identity/logout', { body: {}, auth: false, headers: COOKIE_SESSION_HEADERS }),
    me: () => http.request<User>('GET', '/api/identity/me'),
    updateMe: (body: { displayName: string }) => http.request<User>('PATCH', '/api/identity/me', { body }),
    changePassword: (body: ChangePasswordRequest) =>
      http.request<unknown>('POST', '/api/identity/me/password', { body }),
    requestPasswordReset: (email: string) =>
      http.request<unknown>('POST', '/api/identity/password-reset/request', { body: { email }, auth: false }),
    confirmPasswordReset: (token: string, newPassword: string) =>
      http.request<unknown>('POST', '/api/identity/password-reset/confirm', {
        body: { token, newPassword },
        auth: false,
      }),
    listUsers: (query: UserQuery = {}) =>
      http.request<Page<User>>('GET', '/api/identity/users', { query: { ...query } }),
    setRoles: (userId: string, roles: Role[]) =>
      http.request<User>('PUT', `/api/identity/users/${id(userId)}/roles`, { body: { roles } }),
    setDisabled: (userId: string, disabled: boolean) =>
      http.request<User>('PUT', `/api/identity/users/${id(userId)}/disabled`, { body: { disabled } }),
    resendVerificationTo: (userId: string) =>
      http.request<unknown>('POST', `/api/identity/users/${id(userId)}/verification-mail`),
  };

  const catalog = {
    listCourses: (query: CourseQuery = {}) =>
      http.request<Page<Course>>('GET', '/api/catalog/courses', { query: { ...query } }),
    createCourse: (body: CourseInput) => http.request<Course>('POST', '/api/catalog/courses', { body }),
    getCourse: (courseId: string) => http.request<Course>('GET', `/api/catalog/courses/${id(courseId)}`),
    updateCourse: (courseId: string, body: CoursePatch) =>
      http.request<Course>('PATCH', `/api/catalog/courses/${id(courseId)}`, { body }),
    deleteCourse: (courseId: string) => http.request<unknown>('DELETE', `/api/catalog/courses/${id(courseId)}`),
    publishCourse: (courseId: string) => http.request<Course>('POST', `/api/catalog/courses/${id(courseId)}/publish`),
    changeCourseStatus: (courseId: string, action: 'unpublish' | 'archive' | 'restore') =>
      http.request<Course>('POST', `/api/catalog/courses/${id(courseId)}/${action}`),
    duplicateCourse: (courseId: string) =>
      http.request<Course>('POST', `/api/catalog/courses/${id(courseId)}/duplicate`),
    setCover: (courseId: string, mediaId: string) =>
      http.request<Course>('PUT', `/api/catalog/courses/${id(courseId)}/cover`, { body: { mediaId } }),
    addSection: (courseId: string, title: string) =>
      http.request<Section>('POST', `/api/catalog/courses/${id(courseId)}/sections`, { body: { title } }),
    updateSection: (sectionId: string, body: { title?: string; position?: number }) =>
      http.request<Section>('PATCH', `/api/catalog/sections/${id(sectionId)}`, { body }),
    deleteSection: (sectionId: string) => http.request<unknown>('DELETE', `/api/catalog/sections/${id(sectionId)}`),
    addLesson: (sectionId: string, body: LessonInput) =>
      http.request<Lesson>('POST', `/api/catalog/sections/${id(sectionId)}/lessons`, { body }),
    getLesson: (lessonId: string) => http.request<Lesson>('GET', `/api/catalog/lessons/${id(lessonId)}`),
    updateLesson: (lessonId: string, body: LessonPatch) =>
      http.request<Lesson>('PATCH', `/api/catalog/lessons/${id(lessonId)}`, { body }),
    deleteLesson: (lessonId: string) => http.request<unknown>('DELETE', `/api/catalog/lessons/${id(lessonId)}`),
    listComments: (lessonId: string, query: PageQuery = {}) =>
      http.request<Page<Comment> | Comment[]>('GET', `/api/catalog/lessons/${id(lessonId)}/comments`, {
        query: { ...query },
      }),
    addComment: (lessonId: string, body: string, parentId?: string) =>
      http.request<Comment>('POST', `/api/catalog/lessons/${id(lessonId)}/comments`, {
        body: parentId ? { body, parentId } : { body },
      }),
    editComment: (commentId: string, body: string) =>
      http.request<Comment>('PATCH', `/api/catalog/comments/${id(commentId)}`, { body: { body } }),
    reportComment: (commentId: string) =>
      http.request<unknown>('POST', `/api/catalog/comments/${id(commentId)}/reports`),
    moderationQueue: (query: PageQuery = {}) =>
      http.request<Page<QueuedComment>>('GET', '/api/catalog/comments', { query: { ...query } }),
    deleteComment: (commentId: string) => http.request<unknown>('DELETE', `/api/catalog/comments/${id(commentId)}`),
  };

  const progress = {
    enroll: (courseId: string) => http.request<Enrollment>('POST', '/api/progress/enrollments', { body: { courseId } }),
    listEnrollments: (query: PageQuery = {}) =>
      http.request<Page<Enrollment> | Enrollment[]>('GET', '/api/progress/enrollments', { query: { ...query } }),
    completeLesson: (lessonId: string) =>
      http.request<unknown>('POST', `/api/progress/lessons/${id(lessonId)}/complete`),
    attemptQuiz: (lessonId: string, body: QuizAttemptRequest) =>
      http.request<QuizAttemptResult>('POST', `/api/progress/quizzes/${id(lessonId)}/attempts`, { body }),
    quizAttempts: (lessonId: string, query: PageQuery = {}) =>
      http.request<QuizAttemptHistory>('GET', `/api/progress/quizzes/${id(lessonId)}/attempts`, {
        query: { ...query },
      }),
    courseProgress: (courseId: string) => http.request<CourseProgress>('GET', `/api/progress/courses/${id(courseId)}`),
    courseStats: (courseId: string) => http.request<CourseStats>('GET', `/api/progress/courses/${id(courseId)}/stats`),
    certificate: (certificateId: string) =>
      http.request<Certificate>('GET', `/api/progress/certificates/${id(certificateId)}`, { auth: false }),
    videoPosition: (lessonId: string) =>
      http.request<VideoPosition>('GET', `/api/progress/lessons/${id(lessonId)}/position`),
    /** `keepalive`: the report still goes out when the page is being left. */
    reportVideoPosition: (lessonId: string, body: { position: number; duration: number }, keepalive = false) =>
      http.request<VideoPosition>('PUT', `/api/progress/lessons/${id(lessonId)}/position`, { body, keepalive }),
  };

  const media = {
    requestUpload: (body: UploadRequest) => http.request<UploadTicket>('POST', '/api/media/uploads', { body }),
    completeUpload: (mediaId: string, parts?: CompletedPart[]) =>
      http.request<Media>('POST', `/api/media/uploads/${id(mediaId)}/complete`, {
        body: parts ? { parts } : undefined,
      }),
    getMedia: (mediaId: string) => http.request<Media>('GET', `/api/media/${id(mediaId)}`),
    deleteMedia: (mediaId: string) => http.request<unknown>('DELETE', `/api/media/${id(mediaId)}`),
  };

  return { identity, catalog, progress, media };
}

export type Api = ReturnType<typeof createApi>;
