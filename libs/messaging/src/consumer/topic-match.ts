/**
 * Whether an AMQP topic binding pattern matches a routing key: words are separated by dots, `*`
 * stands for exactly one word and `#` for zero or more. Handlers may use such patterns
 * (`@EventPattern('catalog.lesson.*')`); the queue is bound with the pattern itself.
 */
export function topicMatches(pattern: string, routingKey: string): boolean {
  const words = pattern.split('.');
  const keys = routingKey.split('.');
  const match = (w: number, k: number): boolean => {
    if (w === words.length) return k === keys.length;
    if (words[w] === '#') {
      for (let next = k; next <= keys.length; next++) if (match(w + 1, next)) return true;
      return false;
    }
    if (k === keys.length) return false;
    return (words[w] === '*' || words[w] === keys[k]) && match(w + 1, k + 1);
  };
  return match(0, 0);
}

export function isTopicPattern(pattern: string): boolean {
  return pattern.split('.').some((word) => word === '*' || word === '#');
}
