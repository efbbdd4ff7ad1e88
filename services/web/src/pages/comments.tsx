import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, itemsOf, type Comment } from '../api';
import { useAuth } from '../auth/auth-context';
import { EmptyState, ErrorMessage, Loading } from '../components/status';
import { useLoad } from '../components/use-load';

export function Comments({ lessonId }: { lessonId: string }) {
  const { user, hasRole } = useAuth();
  const comments = useLoad(async () => itemsOf(await api.catalog.listComments(lessonId, { limit: 100 })), [lessonId]);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const post = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    setSending(true);
    setError(undefined);
    try {
      const comment = await api.catalog.addComment(lessonId, text.trim());
      comments.setData([...(comments.data ?? []), comment]);
      setText('');
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };

  const remove = async (comment: Comment) => {
    if (!window.confirm('Delete this comment?')) return;
    setError(undefined);
    try {
      await api.catalog.deleteComment(comment.id);
      comments.setData((comments.data ?? []).filter((c) => c.id !== comment.id));
    } catch (failure) {
      setError(failure);
    }
  };

  const canDelete = (comment: Comment) => !!user && (comment.authorId === user.id || hasRole('moderator', 'admin'));

  return (
    <section className="comments" aria-labelledby="comments-title">
      <h2 id="comments-title">Discussion</h2>
      {comments.loading && !comments.data && <Loading label="Loading comments…" />}
      <ErrorMessage error={comments.error} />
      {comments.data &&
        (comments.data.length === 0 ? (
          <EmptyState>
            <p>No comments yet. Start the discussion!</p>
          </EmptyState>
        ) : (
          <ul className="comment-list">
            {comments.data.map((comment) => (
              <li key={comment.id} className="comment">
                <p className="comment-meta">
                  <strong>{comment.authorName ?? (comment.authorId === user?.id ? 'You' : 'A learner')}</strong>{' '}
                  {comment.createdAt && (
                    <time dateTime={comment.createdAt}>{new Date(comment.createdAt).toLocaleString()}</time>
                  )}
                </p>
                <p className="comment-body">{comment.body}</p>
                {canDelete(comment) && (
                  <button
                    type="button"
                    className="danger small"
                    onClick={() => void remove(comment)}
                    aria-label={`Delete comment by ${comment.authorName ?? 'this author'}`}
                  >
                    Delete
                  </button>
                )}
              </li>
            ))}
          </ul>
        ))}
      <ErrorMessage error={error} />
      {user ? (
        <form className="comment-form" onSubmit={(event) => void post(event)}>
          <label htmlFor="comment-text">Add a comment</label>
          <textarea
            id="comment-text"
            value={text}
            onChange={(event) => setText(event.target.value)}
            rows={3}
            maxLength={2000}
            required
          />
          <button type="submit" disabled={sending || !text.trim()}>
            {sending ? 'Posting…' : 'Post comment'}
          </button>
        </form>
      ) : (
        <p>
          <Link to="/sign-in">Sign in</Link> to join the discussion.
        </p>
      )}
    </section>
  );
}
