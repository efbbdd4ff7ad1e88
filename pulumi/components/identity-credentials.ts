import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import * as tls from '@pulumi/tls';

export interface IdentityCredentialsArgs {
  /** Length of the first admin's generated password. @default 32 */
  readonly adminPasswordLength?: number;
}

/**
 * What identity needs that nobody should type: its EdDSA (Ed25519) token signing key, as PKCS#8
 * PEM, and the first admin's password. Both are generated once, kept as secrets in the (encrypted)
 * Pulumi state, and stored in Secrets Manager by PlatformSecrets. Replacing the key
 * (`pulumi up --replace`) signs everyone out: tokens signed with the old one no longer verify.
 */
export class IdentityCredentials extends pulumi.ComponentResource {
  public readonly jwtPrivateKey: pulumi.Output<string>;
  public readonly adminPassword: pulumi.Output<string>;

  constructor(name: string, args: IdentityCredentialsArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super('platform:security:IdentityCredentials', name, {}, opts);
    const signingKey = new tls.PrivateKey(`${name}-jwt`, { algorithm: 'ED25519' }, { parent: this });
    const adminPassword = new random.RandomPassword(
      `${name}-admin`,
      { length: args.adminPasswordLength ?? 32, special: true, overrideSpecial: '-_.~!' },
      { parent: this },
    );
    this.jwtPrivateKey = pulumi.secret(signingKey.privateKeyPemPkcs8);
    this.adminPassword = pulumi.secret(adminPassword.result);
    this.registerOutputs({});
  }
}
