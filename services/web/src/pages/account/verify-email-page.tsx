import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api';
import { ErrorMessage, Loading, SuccessMessage } from '../../components/status';
import { SignInButton } from './account-fields';

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
          <SignInButton />
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
