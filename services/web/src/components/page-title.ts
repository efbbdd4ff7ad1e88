import { useEffect } from 'react';

export const SITE_NAME = 'Learning platform';

/**
 * Names the browser tab after what the page shows once it is known (a course's, lesson's or
 * certificate's title); the layout names it after the page's heading before that.
 */
export function usePageTitle(title: string | undefined | null): void {
  useEffect(() => {
    if (title) document.title = `${title} · ${SITE_NAME}`;
  }, [title]);
}
