function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
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
    'The link is valid for 24 hours.',
  );
}

export function passwordResetMail(displayName: string, link: string): MailContent {
  return linkMail(
    'Reset your password',
    displayName,
    'Someone asked to reset the password of your account. If it was you, choose a new one here:',
    link,
    'The link is valid for 1 hour. If it was not you, ignore this mail.',
  );
}
