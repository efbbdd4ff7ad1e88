import { listingSql, MAX_SEARCH_TERMS, searchTerms } from './course-search';

describe('catalogue search', () => {
  it('keeps only letters and digits of what a visitor types, lower-cased, once each', () => {
    expect(searchTerms("Kube' OR 1=1 -- kube:* | Pods!")).toEqual(['kube', 'or', '1', 'pods']);
    expect(searchTerms('Développeurs, données')).toEqual(['développeurs', 'données']);
    expect(searchTerms('"" - :* &|!()')).toEqual([]);
    expect(searchTerms(undefined)).toEqual([]);
    expect(searchTerms('a b c d e f g h i j k')).toHaveLength(MAX_SEARCH_TERMS);
  });

  it('passes every word as a parameter, never inside the SQL text', () => {
    const sql = listingSql({ terms: ['kube', 'pods'], category: 'cloud-devops' });
    expect(sql.where).not.toMatch(/kube|pods|cloud/);
    expect(sql.params).toEqual(['cloud-devops', 'kube:*', 'kube', 'pods:*', 'pods']);
    expect(sql.orderParams).toEqual(['kube:* | pods:*', 'kube', 'pods']);
    expect(sql.where).toContain(`"status" = 'published' and "lesson_count" > 0`);
  });

  it('orders by relevance only when searching; newest or title otherwise', () => {
    expect(listingSql({ terms: [] }).orderBy).toBe('"published_at" desc, "id" asc');
    expect(listingSql({ terms: [], sort: 'relevance' }).orderBy).toBe('"published_at" desc, "id" asc');
    expect(listingSql({ terms: ['x'], sort: 'title' }).orderBy).toBe('lower("title") asc, "id" asc');
    expect(listingSql({ terms: [], instructorId: 'me' }).orderBy).toBe('"created_at" desc, "id" asc');
  });
});
