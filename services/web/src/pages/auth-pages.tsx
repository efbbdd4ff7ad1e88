import { useEffect, useRef, useState, type FormEvent } from 'react';
import { PASSWORD_MIN_LENGTH, PASSWORD_RULE } from '@platform/contracts';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError } from '../api';
import { useAuth } from '../auth/auth-context';
import { safeNext } from '../auth/next-path';
import { Field } from '../components/field';
import { ErrorMessage, Loading, SuccessMessage } from '../components/status';

/** Signing in before confirming the address: say so plainly, and offer a new confirmation mail. */
function UnconfirmedNotice({ email }: { email: string }) {
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
        <Field
          label="E-mail"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
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

export function SignUpPage() {
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [sending, setSending] = useState(false);
  const [registered, setRegistered] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    try {
      const user = await api.identity.register({ email: email.trim(), password, displayName: displayName.trim() });
      setRegistered(user.email);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };

  if (registered) {
    return (
      <section className="narrow" aria-labelledby="sign-up-title">
        <h1 id="sign-up-title">Check your inbox</h1>
        <SuccessMessage>
          We sent a confirmation link to <strong>{registered}</strong>. Open it to activate your account, then sign in.
        </SuccessMessage>
        <p>
          <Link to="/sign-in">Go to sign in</Link>
        </p>
      </section>
    );
  }

  return (
    <section className="narrow" aria-labelledby="sign-up-title">
      <h1 id="sign-up-title">Create an account</h1>
      <form onSubmit={(event) => void submit(event)} className="stack">
        <Field
          label="Display name"
          autoComplete="name"
          required
          maxLength={100}
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
        />
        <Field
          label="E-mail"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          hint={PASSWORD_RULE}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <ErrorMessage error={error} />
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Creating your account…' : 'Sign up'}
        </button>
      </form>
      <p>
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </section>
  );
}

/** The landing page of the confirmation e-mail's link: /verify-email?token=… */
export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  const [state, setState] = useState<'working' | 'done' | 'failed'>(token ? 'working' : 'failed');
  const [error, setError] = useState<unknown>(token ? undefined : new Error('This link has no token.'));
  const sent = useRef(false);

  useEffect(() => {
    // Once only: a token is single-use, and React's development mode runs effects twice.
    if (!token || sent.current) return;
    sent.current = true;
    api.identity.verifyEmail(token).then(
      () => setState('done'),
      (failure: unknown) => {
        setError(failure);
        setState('failed');
      },
    );
  }, [token]);

  return (
    <section className="narrow" aria-labelledby="verify-title">
      <h1 id="verify-title">Confirm your e-mail</h1>
      {state === 'working' && <Loading label="Confirming your e-mail address…" />}
      {state === 'done' && (
        <>
          <SuccessMessage>Your e-mail address is confirmed. You can sign in now.</SuccessMessage>
          <p>
            <Link className="button" to="/sign-in">
              Sign in
            </Link>
          </p>
        </>
      )}
      {state === 'failed' && (
        <>
          <ErrorMessage error={error} title="The link did not work." />
          <p>Links expire after a while and work only once. If your account is already confirmed, just sign in.</p>
          <p>
            <Link to="/sign-in">Sign in</Link>
          </p>
        </>
      )}
    </section>
  );
}

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    try {
      await api.identity.requestPasswordReset(email.trim());
      setSent(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">Reset your password</h1>
      {sent ? (
        <SuccessMessage>
          If an account exists for <strong>{email}</strong>, we sent it a link to choose a new password.
        </SuccessMessage>
      ) : (
        <form onSubmit={(event) => void submit(event)} className="stack">
          <p>Enter the e-mail address of your account and we will send you a link to choose a new password.</p>
          <Field
            label="E-mail"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
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

/** The landing page of the reset e-mail's link: /reset-password?token=… */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>(token ? undefined : new Error('This link has no token.'));
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) {
      setError(new Error('The two passwords do not match.'));
      return;
    }
    setSending(true);
    setError(undefined);
    try {
      await api.identity.confirmPasswordReset(token, password);
      setDone(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
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
        <form onSubmit={(event) => void submit(event)} className="stack">
          <Field
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            minLength={PASSWORD_MIN_LENGTH}
            hint={PASSWORD_RULE}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
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

export function AccountPage() {
  const { user, setUser } = useAuth();
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [profileSaved, setProfileSaved] = useState(false);
  const [profileError, setProfileError] = useState<unknown>(undefined);
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [passwordSaved, setPasswordSaved] = useState(false);
  const [passwordError, setPasswordError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const saveProfile = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProfileSaved(false);
    setProfileError(undefined);
    try {
      setUser(await api.identity.updateMe({ displayName: displayName.trim() }));
      setProfileSaved(true);
    } catch (failure) {
      setProfileError(failure);
    } finally {
      setBusy(false);
    }
  };

  const changePassword = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setPasswordSaved(false);
    setPasswordError(undefined);
    try {
      await api.identity.changePassword({ currentPassword, newPassword });
      setPasswordSaved(true);
      setCurrentPassword('');
      setNewPassword('');
    } catch (failure) {
      setPasswordError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (!user) return null;
  return (
    <section className="narrow" aria-labelledby="account-title">
      <h1 id="account-title">Your account</h1>
      <p>
        Signed in as <strong>{user.email}</strong> · roles: {user.roles.join(', ')}
      </p>
      <form onSubmit={(event) => void saveProfile(event)} className="stack" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <Field
          label="Display name"
          autoComplete="name"
          required
          maxLength={100}
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
        />
        <ErrorMessage error={profileError} />
        {profileSaved && <SuccessMessage>Profile saved.</SuccessMessage>}
        <button type="submit" className="button" disabled={busy}>
          Save profile
        </button>
      </form>
      <form onSubmit={(event) => void changePassword(event)} className="stack" aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.target.value)}
        />
        <Field
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          hint={PASSWORD_RULE}
          value={newPassword}
          onChange={(event) => setNewPassword(event.target.value)}
        />
        <ErrorMessage error={passwordError} />
        {passwordSaved && <SuccessMessage>Password changed.</SuccessMessage>}
        <button type="submit" className="button" disabled={busy}>
          Change password
        </button>
      </form>
    </section>
  );
}
