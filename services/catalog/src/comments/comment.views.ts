import { answerExample, answerFields, answerSchema, namedPageSchema } from '@platform/service-kit';
import { z } from 'zod';

export const CommentViewSchema = answerSchema(
  'CommentView',
  z.object({
    id: answerFields.id(),
    lessonId: answerFields.id(),
    parentId: answerFields
      .id()
      .nullable()
      .meta({ description: 'The comment this one answers; null for a top-level one.' }),
    authorId: answerFields.id(),
    authorName: z.string(),
    body: z.string(),
    createdAt: answerFields.timestamp(),
    editedAt: answerFields.timestamp().nullable(),
  }),
  {
    id: '6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f',
    lessonId: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e',
    parentId: null,
    authorId: '3f6c2a9e-8d41-4b7a-9c55-1e2f3a4b5c6d',
    authorName: 'Ada Lovelace',
    body: 'Does a pod always get its own IP address?',
    createdAt: '2026-12-01T14:02:00.000Z',
    editedAt: null,
  },
);
export type CommentView = z.infer<typeof CommentViewSchema>;
export const CommentPageSchema = namedPageSchema(CommentViewSchema, 7);

/** A comment in the moderators' queue, with where it was written and how often it was reported. */
export const QueuedCommentViewSchema = answerSchema(
  'QueuedCommentView',
  CommentViewSchema.extend({
    courseId: answerFields.id(),
    courseTitle: z.string(),
    lessonTitle: z.string(),
    reportCount: answerFields.count(),
  }),
  {
    ...answerExample(CommentViewSchema),
    courseId: '7b1e4c2a-5d3f-4e8a-9b6c-0a1d2e3f4a5b',
    courseTitle: 'Kubernetes from scratch',
    lessonTitle: 'What is a pod?',
    reportCount: 2,
  },
);
export type QueuedCommentView = z.infer<typeof QueuedCommentViewSchema>;
export const QueuedCommentPageSchema = namedPageSchema(QueuedCommentViewSchema, 3);
