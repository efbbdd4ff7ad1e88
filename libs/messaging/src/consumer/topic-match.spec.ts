import { isTopicPattern, topicMatches } from './topic-match';

describe('topicMatches (AMQP topic semantics)', () => {
  it.each([
    ['catalog.course.published', 'catalog.course.published', true],
    ['catalog.course.published', 'catalog.course.updated', false],
    ['catalog.*.published', 'catalog.course.published', true],
    ['catalog.*', 'catalog.course.published', false],
    ['catalog.#', 'catalog.course.published', true],
    ['catalog.#', 'catalog', true],
    ['#', 'anything.at.all', true],
    ['#.published', 'catalog.course.published', true],
    ['#.published', 'catalog.course.updated', false],
    ['catalog.#.published', 'catalog.published', true],
    ['*.course.*', 'catalog.course', false],
  ])('%s ~ %s → %s', (pattern, key, expected) => {
    expect(topicMatches(pattern, key)).toBe(expected);
  });

  it('tells patterns from plain event names', () => {
    expect(isTopicPattern('catalog.course.published')).toBe(false);
    expect(isTopicPattern('catalog.*.published')).toBe(true);
    expect(isTopicPattern('catalog.#')).toBe(true);
  });
});
