import { outlineOf } from './course-progress.view';
import { OutlineCache } from './outline-cache';

const outline = (revision: number) => outlineOf(revision, [{ id: 's', lessonIds: ['a', 'b'] }]);

describe('OutlineCache', () => {
  it('answers only for the exact revision asked for', () => {
    const cache = new OutlineCache(10);
    cache.set('c', outline(2));
    expect(cache.get('c', 2)).toEqual(outline(2));
    expect(cache.get('c', 3)).toBeUndefined();
    expect(cache.get('c', 1)).toBeUndefined();
  });

  it('never replaces a newer outline with an older one', () => {
    const cache = new OutlineCache(10);
    cache.set('c', outline(3));
    cache.set('c', outline(2));
    expect(cache.get('c', 3)).toBeDefined();
  });

  it('drops the least recently used course when full', () => {
    const cache = new OutlineCache(2);
    cache.set('a', outline(1));
    cache.set('b', outline(1));
    cache.get('a', 1);
    cache.set('c', outline(1));
    expect(cache.size).toBe(2);
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toBeDefined();
    expect(cache.get('c', 1)).toBeDefined();
  });
});
