import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api';
import { ErrorMessage, SuccessMessage } from '../../components/status';
import { EmailField, useSubmission } from './account-fields';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { sending, error, submit } = useSubmission();

  const requestReset = async () => {
    await api.identity.requestPasswordReset(email.trim());
    setSent(true);
  };

  return (
    <section className="narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">Reset your password</h1>
      {sent ? (
        <SuccessMessage>
          If an account exists for <strong>{email}</strong>, we sent it a link to choose a new password.
        </SuccessMessage>
      ) : (
        <form onSubmit={(event) => void submit(event, requestReset)} className="stack">
          <p>Enter the e-mail address of your account and we will send you a link to choose a new password.</p>
          <EmailField value={email} onChange={setEmail} />
          <ErrorMessage error={error} />
          <button type="submit" className="button" disabled={sending}>
            {sending ? 'Sending…' : 'Send reset link'}
          </button>
        </form>
      )}
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </section>
  );
}
