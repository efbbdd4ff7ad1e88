import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api';
import { useAuth } from '../../auth/auth-context';
import { safeNext } from '../../auth/next-path';
import { ErrorMessage } from '../../components/status';
import { EmailField, PasswordField } from './account-fields';
import { UnconfirmedNotice } from './unconfirmed-notice';

export function SignInPage() {
  const { signIn, user } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [unconfirmed, setUnconfirmed] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const next = safeNext(params.get('next'));

  if (user && !sending) return <Navigate to={next} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    setUnconfirmed(null);
    try {
      await signIn(email.trim(), password);
      navigate(next, { replace: true });
    } catch (failure) {
      // 403 at sign-in: the password was right, but the address is not confirmed yet or an admin
      // disabled the account (identity's message says which).
      if (failure instanceof ApiError && failure.status === 403 && !/disabled/i.test(failure.message))
        setUnconfirmed(email.trim());
      else setError(failure);
      setSending(false);
    }
  };

  return (
    <section className="narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <form onSubmit={(event) => void submit(event)} className="stack">
        <EmailField value={email} onChange={setEmail} />
        <PasswordField label="Password" purpose="current" value={password} onChange={setPassword} />
        <ErrorMessage error={error} />
        {unconfirmed && <UnconfirmedNotice email={unconfirmed} />}
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link to="/sign-up">Create an account</Link>
      </p>
    </section>
  );
}
