import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api';
import { ErrorMessage, SuccessMessage } from '../../components/status';
import { DisplayNameField, EmailField, PasswordField, useSubmission } from './account-fields';

export function SignUpPage() {
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [registered, setRegistered] = useState<string | null>(null);
  const { sending, error, submit } = useSubmission();

  const register = async () => {
    const user = await api.identity.register({ email: email.trim(), password, displayName: displayName.trim() });
    setRegistered(user.email);
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
      <form onSubmit={(event) => void submit(event, register)} className="stack">
        <DisplayNameField value={displayName} onChange={setDisplayName} />
        <EmailField value={email} onChange={setEmail} />
        <PasswordField label="Password" purpose="new" value={password} onChange={setPassword} />
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
