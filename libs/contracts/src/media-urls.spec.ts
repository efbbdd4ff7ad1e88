import { mediaReferencesIn } from './media-urls';

describe('mediaReferencesIn', () => {
  const a = '0f8e4c1a-3c2b-4f6e-9a51-2b7d9c0e1f23';
  const b = '7d9c0e1f-2b7d-4c2b-8a51-0f8e4c1a3c2b';

  it('finds every media reference once, lower-cased, in order', () => {
    const markdown = `# Title\n\n![diagram](media:${a})\n\ntext ![again](media:${a.toUpperCase()}) and ![x]( media:${b} )`;
    expect(mediaReferencesIn(markdown)).toEqual([a, b]);
  });

  it('finds nothing in text without references', () => {
    expect(mediaReferencesIn('![x](https://example.test/a.png) media:not-a-uuid')).toEqual([]);
  });
});
