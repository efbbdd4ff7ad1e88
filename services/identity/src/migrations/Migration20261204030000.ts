import { Migration } from '@mikro-orm/migrations';
import { normaliseEmail } from '../users/email-address';

/**
 * Addresses are now unique in NFKC with their domain in IDNA ASCII (punycode) instead of lower case
 * only: re-keys the accounts whose stored form holds non-ASCII characters, so they still sign in and
 * stay unique under the new form. An account whose new form another account already holds keeps
 * its old key (the unique index would refuse it) and is named in the migration's log.
 */
export class Migration20261204030000 extends Migration {
  override async up(): Promise<void> {
    const rows = (await this.execute(
      `select id, email, email_normalised from users where email_normalised ~ '[^\\x01-\\x7e]'`,
    )) as Array<{
      id: string;
      email: string;
      email_normalised: string;
    }>;
    for (const row of rows) {
      const next = normaliseEmail(row.email);
      if (next === row.email_normalised) continue;
      const updated = (await this.execute(
        `update users set email_normalised = ? where id = ? and not exists (select 1 from users where email_normalised = ?) returning id`,
        [next, row.id, next],
      )) as unknown[];
      if (updated.length === 0)
        console.warn(`account ${row.id}: ${next} is already taken, its address was left as it was`);
    }
  }

  override async down(): Promise<void> {
    // The old form (lower case only) cannot be told apart from what users typed: nothing to undo.
  }
}
