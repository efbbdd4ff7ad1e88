import type { ReactElement } from 'react';
import { Link, Route, Routes } from 'react-router';
import { RequireAuth, Layout } from './components/layout';
import { AdminUsersPage } from './pages/admin-users-page';
import { AccountPage } from './pages/account/account-page';
import { ForgotPasswordPage } from './pages/account/forgot-password-page';
import { ResetPasswordPage } from './pages/account/reset-password-page';
import { SignInPage } from './pages/account/sign-in-page';
import { SignUpPage } from './pages/account/sign-up-page';
import { VerifyEmailPage } from './pages/account/verify-email-page';
import { CatalogPage } from './pages/catalog-page';
import { CertificatePage } from './pages/certificate-page';
import { CourseEditorPage } from './pages/course-editor-page';
import { CourseStatsPage } from './pages/course-stats-page';
import { CoursePage } from './pages/course-page';
import { EditLessonPage, NewLessonPage } from './pages/lesson-editor-page';
import { LessonPage } from './pages/lesson-page';
import { ModerationPage } from './pages/moderation-page';
import { MyLearningPage } from './pages/my-learning-page';
import { TeachPage } from './pages/teach-page';

function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/">Go to the catalogue</Link>
      </p>
    </section>
  );
}

const signedIn = (page: ReactElement) => <RequireAuth>{page}</RequireAuth>;
const teaching = (page: ReactElement) => <RequireAuth roles={['instructor', 'admin']}>{page}</RequireAuth>;

export function App() {
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<CatalogPage />} />
        <Route path="/courses/:courseId" element={<CoursePage />} />
        <Route path="/courses/:courseId/lessons/:lessonId" element={signedIn(<LessonPage />)} />
        <Route path="/my-learning" element={signedIn(<MyLearningPage />)} />
        <Route path="/certificates/:certificateId" element={<CertificatePage />} />
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/sign-up" element={<SignUpPage />} />
        <Route path="/verify-email" element={<VerifyEmailPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/account" element={signedIn(<AccountPage />)} />
        <Route path="/teach" element={teaching(<TeachPage />)} />
        <Route path="/teach/courses/:courseId" element={teaching(<CourseEditorPage />)} />
        <Route path="/teach/courses/:courseId/stats" element={teaching(<CourseStatsPage />)} />
        <Route path="/teach/courses/:courseId/sections/:sectionId/new-lesson" element={teaching(<NewLessonPage />)} />
        <Route path="/teach/courses/:courseId/lessons/:lessonId" element={teaching(<EditLessonPage />)} />
        <Route
          path="/admin/users"
          element={
            <RequireAuth roles={['admin']}>
              <AdminUsersPage />
            </RequireAuth>
          }
        />
        <Route
          path="/moderation"
          element={
            <RequireAuth roles={['moderator', 'admin']}>
              <ModerationPage />
            </RequireAuth>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Layout>
  );
}
