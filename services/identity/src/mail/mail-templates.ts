function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export interface MailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** A link to a page of the web app carrying an e-mailed token: `${publicUrl}/${page}?token=<token>`. */
export function webAppLink(publicUrl: string, page: 'verify-email' | 'reset-password', token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/${page}?token=${encodeURIComponent(token)}`;
}

function linkMail(subject: string, greetingName: string, intro: string, link: string, outro: string): MailContent {
  return {
    subject,
    text: `Hello ${greetingName},\n\n${intro}\n\n${link}\n\n${outro}\n`,
    html: `<p>Hello ${escapeHtml(greetingName)},</p><p>${escapeHtml(intro)}</p><p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p><p>${escapeHtml(outro)}</p>`,
  };
}

export function verificationMail(displayName: string, link: string): MailContent {
  return linkMail(
    'Confirm your e-mail address',
    displayName,
    'Please confirm your e-mail address to start learning:',
    link,
    'The link is valid for 24 hours. If you did not sign up, ignore this mail.',
  );
}

function noticeMail(subject: string, greetingName: string, lines: readonly string[]): MailContent {
  return {
    subject,
    text: `Hello ${greetingName},\n\n${lines.join('\n\n')}\n`,
    html: `<p>Hello ${escapeHtml(greetingName)},</p>${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}`,
  };
}

export function passwordChangedMail(displayName: string, when: Date): MailContent {
  return noticeMail('Your password was changed', displayName, [
    `The password of your account was changed on ${when.toUTCString()}. Your other sign-ins were signed out.`,
    'If it was not you, reset your password at once with "Forgot your password?" on the sign-in page, and tell us.',
  ]);
}

export function rolesChangedMail(
  displayName: string,
  roles: readonly string[],
  previousRoles: readonly string[],
): MailContent {
  const added = roles.filter((role) => !previousRoles.includes(role));
  const removed = previousRoles.filter((role) => !roles.includes(role));
  return noticeMail('Your role changed', displayName, [
    `An admin changed what you can do on the platform. Your roles are now: ${roles.join(', ')}.`,
    ...(added.length ? [`Added: ${added.join(', ')}.`] : []),
    ...(removed.length ? [`Removed: ${removed.join(', ')}.`] : []),
    'The change applies the next time you sign in, or within minutes in a session already open.',
  ]);
}

export function passwordResetMail(displayName: string, link: string): MailContent {
  return linkMail(
    'Reset your password',
    displayName,
    'Someone asked to reset the password of your account. If it was you, choose a new one here:',
    link,
    'The link is valid for 1 hour and works once. If it was not you, ignore this mail: your password is unchanged.',
  );
}
