import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api';
import { ErrorMessage, SuccessMessage } from '../../components/status';
import { PasswordField, SignInButton, useSubmission } from './account-fields';

/** The landing page of the reset e-mail's link: /reset-password?token=… */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const { sending, error, setError, submit } = useSubmission(token ? undefined : new Error('This link has no token.'));

  const onSubmit = (event: FormEvent) => {
    if (password !== confirm) {
      event.preventDefault();
      setError(new Error('The two passwords do not match.'));
      return;
    }
    void submit(event, async () => {
      await api.identity.confirmPasswordReset(token, password);
      setDone(true);
    });
  };

  return (
    <section className="narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">Choose a new password</h1>
      {done ? (
        <>
          <SuccessMessage>Your password has been changed. Sign in with the new one.</SuccessMessage>
          <SignInButton />
        </>
      ) : (
        <form onSubmit={onSubmit} className="stack">
          <PasswordField label="New password" purpose="new" value={password} onChange={setPassword} />
          <PasswordField label="Repeat the new password" purpose="repeat" value={confirm} onChange={setConfirm} />
          <ErrorMessage error={error} />
          <button type="submit" className="button" disabled={sending || !token}>
            {sending ? 'Saving…' : 'Set new password'}
          </button>
          {!token && (
            <p>
              <Link to="/forgot-password">Ask for a new link</Link>
            </p>
          )}
        </form>
      )}
    </section>
  );
}
