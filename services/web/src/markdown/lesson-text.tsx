import { lazy, Suspense } from 'react';
import { Loading } from '../components/status';

// The Markdown renderer (react-markdown, remark-gfm) is loaded with the first lesson that needs it,
// not with the catalogue: it is about a fifth of the app's JavaScript.
const LessonMarkdown = lazy(() => import('./lesson-markdown').then((module) => ({ default: module.LessonMarkdown })));

/** A text lesson's Markdown, rendered safely (see lesson-markdown.tsx). */
export function LessonText({ source }: { source: string }) {
  return (
    <Suspense fallback={<Loading label="Loading the lesson text…" />}>
      <LessonMarkdown source={source} />
    </Suspense>
  );
}
