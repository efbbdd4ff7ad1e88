import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { useAuth } from '../../auth/auth-context';
import { ErrorMessage, SuccessMessage } from '../../components/status';
import { CurrentPasswordField, DisplayNameField, NewPasswordField } from './account-fields';

/** The signed-in person's profile and password; the two forms share one busy state. */
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
        <DisplayNameField value={displayName} onChange={setDisplayName} />
        <ErrorMessage error={profileError} />
        {profileSaved && <SuccessMessage>Profile saved.</SuccessMessage>}
        <button type="submit" className="button" disabled={busy}>
          Save profile
        </button>
      </form>
      <form onSubmit={(event) => void changePassword(event)} className="stack" aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        <CurrentPasswordField label="Current password" value={currentPassword} onChange={setCurrentPassword} />
        <NewPasswordField label="New password" value={newPassword} onChange={setNewPassword} />
        <ErrorMessage error={passwordError} />
        {passwordSaved && <SuccessMessage>Password changed.</SuccessMessage>}
        <button type="submit" className="button" disabled={busy}>
          Change password
        </button>
      </form>
    </section>
  );
}
