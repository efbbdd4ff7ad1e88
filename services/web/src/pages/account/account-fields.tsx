import { PASSWORD_MIN_LENGTH, PASSWORD_RULE } from '@platform/contracts';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Field } from '../../components/field';

// The inputs the account forms share, each with the browser hints (autoComplete) it needs.
interface ValueProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
}

export function EmailField({ value, onChange }: ValueProps) {
  return (
    <Field
      label="E-mail"
      type="email"
      autoComplete="email"
      required
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

export function DisplayNameField({ value, onChange }: ValueProps) {
  return (
    <Field
      label="Display name"
      autoComplete="name"
      required
      maxLength={100}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

const PASSWORD_PURPOSES = {
  /** The password the account has now (sign in, change password). */
  current: { autoComplete: 'current-password' },
  /** A password being chosen, with the rule identity checks. */
  new: { autoComplete: 'new-password', minLength: PASSWORD_MIN_LENGTH, hint: PASSWORD_RULE },
  /** The chosen password typed again. */
  repeat: { autoComplete: 'new-password' },
} as const;

export function PasswordField({
  label,
  purpose,
  value,
  onChange,
}: ValueProps & { readonly label: string; readonly purpose: keyof typeof PASSWORD_PURPOSES }) {
  return (
    <Field
      label={label}
      type="password"
      required
      {...PASSWORD_PURPOSES[purpose]}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

/** The way on once an account is ready: a button-styled link to sign in. */
export function SignInButton() {
  return (
    <p>
      <Link className="button" to="/sign-in">
        Sign in
      </Link>
    </p>
  );
}

/** A form's submission: busy while `work` runs, its failure kept to show (`initialError` from the start). */
export function useSubmission(initialError?: unknown): {
  readonly sending: boolean;
  readonly error: unknown;
  setError(error: unknown): void;
  submit(event: FormEvent, work: () => Promise<void>): Promise<void>;
} {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(initialError);
  const submit = async (event: FormEvent, work: () => Promise<void>) => {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    try {
      await work();
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };
  return { sending, error, setError, submit };
}
