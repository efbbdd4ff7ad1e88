import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, itemsOf, type Comment } from '../api';
import { useAuth } from '../auth/auth-context';
import { EmptyState, ErrorMessage, Loading } from '../components/status';
import { useLoad } from '../components/use-load';

export function Comments({ lessonId }: { lessonId: string }) {
  const { user } = useAuth();
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
      comments.setData((comments.data ?? []).filter((c) => c.id !== comment.id && c.parentId !== comment.id));
    } catch (failure) {
      setError(failure);
    }
  };

  const replace = (updated: Comment) =>
    comments.setData((comments.data ?? []).map((c) => (c.id === updated.id ? updated : c)));
  const add = (added: Comment) => comments.setData([...(comments.data ?? []), added]);
  const all = comments.data ?? [];
  const topLevel = all.filter((comment) => !comment.parentId || !all.some((c) => c.id === comment.parentId));

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
            {topLevel.map((comment) => (
              <CommentItem
                key={comment.id}
                comment={comment}
                lessonId={lessonId}
                replies={all.filter((reply) => reply.parentId === comment.id)}
                onChanged={replace}
                onAdded={add}
                onRemove={(target) => void remove(target)}
              />
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

/** One comment with what the reader may do to it (edit own, reply once deep, report others', delete). */
function CommentItem({
  comment,
  lessonId,
  replies,
  onChanged,
  onAdded,
  onRemove,
}: {
  comment: Comment;
  lessonId: string;
  replies?: Comment[];
  onChanged: (comment: Comment) => void;
  onAdded: (comment: Comment) => void;
  onRemove: (comment: Comment) => void;
}) {
  const { user, hasRole } = useAuth();
  const [mode, setMode] = useState<'read' | 'edit' | 'reply'>('read');
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [reported, setReported] = useState(false);
  const author = comment.authorName ?? (comment.authorId === user?.id ? 'You' : 'A learner');
  const mine = !!user && comment.authorId === user.id;
  const canDelete = !!user && (mine || hasRole('moderator', 'admin'));

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setMode('read');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.trim()) return;
    void act(async () => {
      if (mode === 'edit') onChanged(await api.catalog.editComment(comment.id, draft.trim()));
      else onAdded(await api.catalog.addComment(lessonId, draft.trim(), comment.id));
    });
  };

  return (
    <li className="comment">
      <p className="comment-meta">
        <strong>{author}</strong>{' '}
        {comment.createdAt && <time dateTime={comment.createdAt}>{new Date(comment.createdAt).toLocaleString()}</time>}
        {comment.editedAt && <span className="muted"> (edited)</span>}
      </p>
      {mode === 'edit' ? null : <p className="comment-body">{comment.body}</p>}
      {user && mode !== 'read' && (
        <form className="comment-form" onSubmit={submit}>
          <label htmlFor={`comment-${mode}-${comment.id}`}>
            {mode === 'edit' ? 'Edit your comment' : `Reply to ${author}`}
          </label>
          <textarea
            id={`comment-${mode}-${comment.id}`}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            rows={2}
            maxLength={2000}
            required
          />
          <span className="toolbar">
            <button type="submit" disabled={busy || !draft.trim()}>
              {mode === 'edit' ? 'Save comment' : 'Post reply'}
            </button>
            <button type="button" className="small" onClick={() => setMode('read')}>
              Cancel
            </button>
          </span>
        </form>
      )}
      {user && mode === 'read' && (
        <span className="toolbar">
          {replies && (
            <button
              type="button"
              className="small"
              onClick={() => {
                setDraft('');
                setMode('reply');
              }}
              aria-label={`Reply to ${author}`}
            >
              Reply
            </button>
          )}
          {mine && (
            <button
              type="button"
              className="small"
              onClick={() => {
                setDraft(comment.body);
                setMode('edit');
              }}
            >
              Edit
            </button>
          )}
          {!mine &&
            (reported ? (
              <span role="status" className="muted">
                Reported to the moderators.
              </span>
            ) : (
              <button
                type="button"
                className="small"
                disabled={busy}
                aria-label={`Report comment by ${author}`}
                onClick={() => void act(async () => (await api.catalog.reportComment(comment.id), setReported(true)))}
              >
                Report
              </button>
            ))}
          {canDelete && (
            <button
              type="button"
              className="danger small"
              onClick={() => onRemove(comment)}
              aria-label={`Delete comment by ${comment.authorName ?? 'this author'}`}
            >
              Delete
            </button>
          )}
        </span>
      )}
      <ErrorMessage error={error} />
      {replies && replies.length > 0 && (
        <ul className="comment-list replies" aria-label={`Replies to ${author}`}>
          {replies.map((reply) => (
            <CommentItem
              key={reply.id}
              comment={reply}
              lessonId={lessonId}
              onChanged={onChanged}
              onAdded={onAdded}
              onRemove={onRemove}
            />
          ))}
        </ul>
      )}
    </li>
  );
}
