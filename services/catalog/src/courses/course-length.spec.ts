import { estimatedMinutes, wordCount } from './course-length';

const text = (words: number) => ({ type: 'text' as const, content: 'word '.repeat(words), quiz: null });
const quiz = (questions: number) => ({
  type: 'quiz' as const,
  content: null,
  quiz: {
    passPercent: 50,
    maxAttempts: 3,
    review: 'immediately' as const,
    allowRetakeAfterPass: false,
    questions: Array.from({ length: questions }, () => ({ id: 'q', prompt: 'p', choices: [], explanation: null })),
  },
});

describe('course length', () => {
  it('counts words separated by any white space', () => {
    expect(wordCount('  # Title\n\nSome *words*\there  ')).toBe(5);
    expect(wordCount('')).toBe(0);
    expect(wordCount(null)).toBe(0);
  });

  it('is text at 200 words a minute plus a minute per quiz question, rounded up over the course', () => {
    expect(estimatedMinutes([])).toBe(0);
    expect(estimatedMinutes([text(1)])).toBe(1);
    expect(estimatedMinutes([text(200), text(100), text(100)])).toBe(2);
    expect(estimatedMinutes([text(250), quiz(3)])).toBe(5);
  });

  it('counts nothing for a video while its duration is unknown', () => {
    expect(estimatedMinutes([{ type: 'video', content: null, quiz: null }])).toBe(0);
  });
});
