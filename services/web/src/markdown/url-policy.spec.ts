import { randomUUID } from 'node:crypto';
import { imageSource, isExternalHref, mediaImageMarkdown, safeLinkHref } from './url-policy';

describe("a lesson's links and images", () => {
  it('links only to http(s), mailto and this origin', () => {
    expect(safeLinkHref('https://example.org/a?b#c')).toBe('https://example.org/a?b#c');
    expect(safeLinkHref('mailto:teacher@example.org')).toBe('mailto:teacher@example.org');
    expect(safeLinkHref('/courses/1')).toBe('/courses/1');
    expect(safeLinkHref('#notes')).toBe('#notes');
    for (const hostile of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0001javascript:alert(1)',
      'vbscript:msgbox(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'irc://example.org',
      'JAVA%0ASCRIPT:alert(1)',
      'java%09script:alert(1)',
    ])
      expect([hostile, safeLinkHref(hostile)]).toEqual([hostile, null]);
  });

  it('opens links to other sites in a new tab, and keeps this site’s in place', () => {
    expect(isExternalHref('https://example.org')).toBe(true);
    expect(isExternalHref('//example.org/x')).toBe(true);
    expect(isExternalHref('/courses')).toBe(false);
  });

  it('loads images from media or this origin only', () => {
    const id = randomUUID();
    expect(imageSource(`media:${id}`)).toEqual({ kind: 'media', mediaId: id });
    expect(imageSource(`media:${id.toUpperCase()}`)).toEqual({ kind: 'media', mediaId: id });
    expect(imageSource('/api/media/x/file?variant=small')).toEqual({
      kind: 'same-origin',
      url: '/api/media/x/file?variant=small',
    });
    expect(imageSource('https://tracker.example/pixel.gif')).toEqual({
      kind: 'elsewhere',
      url: 'https://tracker.example/pixel.gif',
    });
    expect(imageSource('//tracker.example/pixel.gif')).toMatchObject({ kind: 'elsewhere' });
    expect(imageSource('javascript:alert(1)')).toEqual({ kind: 'elsewhere', url: null });
    expect(imageSource('media:../../etc')).toEqual({ kind: 'elsewhere', url: null });
  });

  it('inserts uploaded images as media references with a harmless alt text', () => {
    expect(mediaImageMarkdown('abc', 'diagram.png')).toBe('![diagram.png](media:abc)');
    expect(mediaImageMarkdown('abc', '](javascript:x) [')).toBe('![(javascript:x)](media:abc)');
    expect(mediaImageMarkdown('abc', '  ')).toBe('![image](media:abc)');
  });
});
