import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api';
import { Field } from '../../components/field';
import { ErrorMessage, SuccessMessage } from '../../components/status';
import { NewPasswordField, useSubmission } from './account-fields';

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
          <p>
            <Link className="button" to="/sign-in">
              Sign in
            </Link>
          </p>
        </>
      ) : (
        <form onSubmit={onSubmit} className="stack">
          <NewPasswordField label="New password" value={password} onChange={setPassword} />
          <Field
            label="Repeat the new password"
            type="password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(event) => setConfirm(event.target.value)}
          />
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
