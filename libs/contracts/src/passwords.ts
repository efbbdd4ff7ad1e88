/** Length bounds of a new password (identity checks them; the web app's hints say them). */
export const PASSWORD_MIN_LENGTH = 10;
/** argon2 takes any length; the cap keeps hashing work per request bounded. */
export const PASSWORD_MAX_LENGTH = 256;

/** The whole rule in a sentence, as the web app shows it: length, and identity's strength check (zxcvbn). */
export const PASSWORD_RULE = `At least ${PASSWORD_MIN_LENGTH} characters. Common or easily guessed passwords (such as password123, keyboard rows, or your name or e-mail) are refused: a few uncommon words make a good one.`;
