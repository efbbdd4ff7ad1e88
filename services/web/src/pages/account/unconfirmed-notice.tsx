import { useState } from 'react';
import { api } from '../../api';
import { ErrorMessage } from '../../components/status';

/** Signing in before confirming the address: say so plainly, and offer a new confirmation mail. */
export function UnconfirmedNotice({ email }: { email: string }) {
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const resend = async () => {
    setSending(true);
    setError(undefined);
    try {
      await api.identity.resendVerification(email);
      setSent(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="notice notice-warning" role="alert">
      <p>
        <strong>Confirm your e-mail address first.</strong>
      </p>
      <p>
        We sent a confirmation link to <strong>{email}</strong>. Open it, then sign in again.
      </p>
      {sent ? (
        <p role="status">A new confirmation link is on its way to {email}. It may take a minute to arrive.</p>
      ) : (
        <button type="button" onClick={() => void resend()} disabled={sending}>
          {sending ? 'Sending…' : 'Send the confirmation e-mail again'}
        </button>
      )}
      <ErrorMessage error={error} title="Could not send it:" />
    </div>
  );
}
