import { useState } from 'react';
import { api } from '../../api';
import { useAuth } from '../../auth/auth-context';
import { ErrorMessage, SuccessMessage } from '../../components/status';
import { DisplayNameField, PasswordField, useSubmission } from './account-fields';

/** The signed-in person's profile and password; either form's submission holds both buttons. */
export function AccountPage() {
  const { user, setUser } = useAuth();
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [profileSaved, setProfileSaved] = useState(false);
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [passwordSaved, setPasswordSaved] = useState(false);
  const profile = useSubmission();
  const password = useSubmission();
  const busy = profile.sending || password.sending;

  const saveProfile = async () => {
    setProfileSaved(false);
    setUser(await api.identity.updateMe({ displayName: displayName.trim() }));
    setProfileSaved(true);
  };

  const changePassword = async () => {
    setPasswordSaved(false);
    await api.identity.changePassword({ currentPassword, newPassword });
    setPasswordSaved(true);
    setCurrentPassword('');
    setNewPassword('');
  };

  if (!user) return null;
  return (
    <section className="narrow" aria-labelledby="account-title">
      <h1 id="account-title">Your account</h1>
      <p>
        Signed in as <strong>{user.email}</strong> · roles: {user.roles.join(', ')}
      </p>
      <form
        onSubmit={(event) => void profile.submit(event, saveProfile)}
        className="stack"
        aria-labelledby="profile-title"
      >
        <h2 id="profile-title">Profile</h2>
        <DisplayNameField value={displayName} onChange={setDisplayName} />
        <ErrorMessage error={profile.error} />
        {profileSaved && <SuccessMessage>Profile saved.</SuccessMessage>}
        <button type="submit" className="button" disabled={busy}>
          Save profile
        </button>
      </form>
      <form
        onSubmit={(event) => void password.submit(event, changePassword)}
        className="stack"
        aria-labelledby="password-title"
      >
        <h2 id="password-title">Change password</h2>
        <PasswordField
          label="Current password"
          purpose="current"
          value={currentPassword}
          onChange={setCurrentPassword}
        />
        <PasswordField label="New password" purpose="new" value={newPassword} onChange={setNewPassword} />
        <ErrorMessage error={password.error} />
        {passwordSaved && <SuccessMessage>Password changed.</SuccessMessage>}
        <button type="submit" className="button" disabled={busy}>
          Change password
        </button>
      </form>
    </section>
  );
}
