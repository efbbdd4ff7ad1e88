import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, type QueuedComment } from '../api';
import { Pagination } from '../components/pagination';
import { EmptyState, ErrorMessage, Loading } from '../components/status';
import { useLoad } from '../components/use-load';

const PAGE_SIZE = 25;

/** Recent comments across courses, reported ones first, for moderators and admins. */
export function ModerationPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const queue = useLoad(() => api.catalog.moderationQueue({ page, limit: PAGE_SIZE }), [page]);
  const [error, setError] = useState<unknown>(undefined);

  const remove = async (comment: QueuedComment) => {
    if (!window.confirm(`Delete this comment by ${comment.authorName ?? 'its author'}? Its replies go with it.`))
      return;
    setError(undefined);
    try {
      await api.catalog.deleteComment(comment.id);
      queue.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section aria-labelledby="moderation-title">
      <h1 id="moderation-title">Moderation</h1>
      <p className="muted">Comments across every course, those reported by learners first, then the newest.</p>
      {queue.loading && !queue.data && <Loading label="Loading comments…" />}
      <ErrorMessage error={queue.error ?? error} />
      {queue.data &&
        (queue.data.items.length === 0 ? (
          <EmptyState>
            <p>No comments to look at.</p>
          </EmptyState>
        ) : (
          <ul className="comment-list" aria-label="Comments to moderate">
            {queue.data.items.map((comment) => (
              <li key={comment.id} className={`comment${comment.reportCount > 0 ? ' reported' : ''}`}>
                <p className="comment-meta">
                  <strong>{comment.authorName ?? 'A learner'}</strong> on{' '}
                  <Link to={`/courses/${comment.courseId}/lessons/${comment.lessonId}`}>
                    {comment.courseTitle} › {comment.lessonTitle}
                  </Link>{' '}
                  <time dateTime={comment.createdAt}>{new Date(comment.createdAt).toLocaleString()}</time>
                  {comment.reportCount > 0 && (
                    <span className="badge">
                      Reported {comment.reportCount} {comment.reportCount === 1 ? 'time' : 'times'}
                    </span>
                  )}
                  {comment.parentId && <span className="muted"> (a reply)</span>}
                </p>
                <p className="comment-body">{comment.body}</p>
                <button
                  type="button"
                  className="danger small"
                  onClick={() => void remove(comment)}
                  aria-label={`Delete comment by ${comment.authorName ?? 'this author'}: ${comment.body.slice(0, 40)}`}
                >
                  Delete
                </button>
              </li>
            ))}
          </ul>
        ))}
      {queue.data && (
        <Pagination
          page={queue.data.page}
          limit={queue.data.limit}
          total={queue.data.total}
          onPage={(next) => setParams({ page: String(next) })}
        />
      )}
    </section>
  );
}
