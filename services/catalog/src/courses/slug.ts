import { randomBytes } from 'node:crypto';

/** URL-friendly form of a title: lower-case ASCII words joined by dashes. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200);
  return slug || 'course';
}

/** The slug with a short random suffix, for when the plain one is taken. */
export function suffixedSlug(slug: string): string {
  return `${slug}-${randomBytes(3).toString('hex')}`;
}
