import { slugify, suffixedSlug } from './slug';

describe('slugs', () => {
  it('are lower-case ASCII words joined by dashes', () => {
    expect(slugify('  Kubernetes for Développeurs: Part 2! ')).toBe('kubernetes-for-developpeurs-part-2');
    expect(slugify('!!!')).toBe('course');
  });

  it('get a random suffix when taken', () => {
    expect(suffixedSlug('x')).toMatch(/^x-[0-9a-f]{6}$/);
  });
});
