import { useState, type ComponentProps } from 'react';
import Markdown, { type Components, type UrlTransform } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { mediaFilePath, mediaSrcset } from '@platform/contracts';
import { useOwnMediaFallback } from '../components/use-own-media';
import { imageSource, isExternalHref, safeLinkHref } from './url-policy';

// react-markdown builds React elements from the Markdown syntax tree: no innerHTML anywhere, and
// without rehype-raw any HTML written in a lesson arrives as text (shown, never live).

const REMARK_PLUGINS = [remarkGfm];

/** Links keep safe hrefs only; image sources are decided by LessonImage. */
const urlTransform: UrlTransform = (url, key) => (key === 'src' ? url : safeLinkHref(url));

const MEDIA_VARIANTS = ['small', 'card', 'medium'];

function LessonLink({ href, children }: ComponentProps<'a'>) {
  if (!href) return <span className="unsafe-link">{children}</span>;
  return isExternalHref(href) ? (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ) : (
    <a href={href} rel="noopener noreferrer">
      {children}
    </a>
  );
}

/** What stands in for an image that is not shown: its description, and a link when it is safe. */
function ImageText({ alt, url }: { alt: string; url: string | null }) {
  const label = `Image: ${alt || 'no description'}`;
  return (
    <span className="image-text">
      {url ? (
        <a href={url} target="_blank" rel="noopener noreferrer">
          {label}
        </a>
      ) : (
        label
      )}
    </span>
  );
}

function LessonImage({ src, alt }: ComponentProps<'img'>) {
  const [failed, setFailed] = useState(false);
  const source = imageSource(typeof src === 'string' ? src : '');
  const own = useOwnMediaFallback(source.kind === 'media' ? source.mediaId : null, 'medium');
  const description = alt ?? '';
  if (failed || own.failed || source.kind === 'elsewhere')
    return <ImageText alt={description} url={source.kind === 'elsewhere' ? source.url : null} />;
  if (source.kind === 'same-origin')
    return <img src={source.url} alt={description} loading="lazy" onError={() => setFailed(true)} />;
  // Not public yet (a draft's image, seen by its author): the URL media gives them with their token.
  if (own.src) return <img src={own.src} alt={description} onError={() => setFailed(true)} />;
  // An image uploaded through media: its stable paths redirect to fresh presigned URLs.
  return (
    <img
      src={mediaFilePath(source.mediaId, 'medium')}
      srcSet={mediaSrcset(source.mediaId, MEDIA_VARIANTS) ?? undefined}
      sizes="(max-width: 840px) 100vw, 800px"
      alt={description}
      loading="lazy"
      onError={own.onError}
    />
  );
}

// The page's own heading is the lesson's title (h1): the lesson's headings start one level below.
const COMPONENTS: Components = {
  a: ({ href, children }) => <LessonLink href={href}>{children}</LessonLink>,
  img: ({ src, alt }) => <LessonImage src={src} alt={alt} />,
  h1: ({ children }) => <h2>{children}</h2>,
  h2: ({ children }) => <h3>{children}</h3>,
  h3: ({ children }) => <h4>{children}</h4>,
  h4: ({ children }) => <h5>{children}</h5>,
  h5: ({ children }) => <h6>{children}</h6>,
};

/** A text lesson's Markdown: headings, emphasis, links, lists, tables, code blocks, images from media. */
export function LessonMarkdown({ source }: { source: string }) {
  return (
    <div className="lesson-text markdown">
      <Markdown remarkPlugins={REMARK_PLUGINS} urlTransform={urlTransform} components={COMPONENTS}>
        {source}
      </Markdown>
    </div>
  );
}
