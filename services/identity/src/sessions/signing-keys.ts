import { createPublicKey, type KeyObject } from 'node:crypto';
import { Logger } from '@nestjs/common';
import {
  calculateJwkThumbprint,
  errors,
  exportJWK,
  generateKeyPair,
  importPKCS8,
  type JWK,
  type JWTVerifyGetKey,
  type KeyLike,
} from 'jose';
import { InvalidConfigurationError } from './invalid-configuration.error';

export const SIGNING_ALGORITHM = 'EdDSA';

export interface KeyMaterial {
  readonly kid: string;
  readonly privateKey: KeyLike;
  readonly publicKey: KeyLike;
  /** The public half as published in the JWKS (kid, alg, use). */
  readonly publicJwk: JWK;
}

export interface SigningKeyOptions {
  /** Refuse to run without a configured key (config validation says so first). */
  readonly production: boolean;
  readonly logger?: Pick<Logger, 'warn'>;
}

async function load(pem: string | undefined, options: SigningKeyOptions): Promise<KeyMaterial> {
  let privateKey: KeyLike;
  if (pem) {
    try {
      // Env files and secret stores often carry the PEM on one line with literal "\n".
      privateKey = await importPKCS8(pem.replace(/\\n/g, '\n'), SIGNING_ALGORITHM);
    } catch {
      throw new InvalidConfigurationError('JWT_PRIVATE_KEY must be the PKCS#8 PEM of an Ed25519 private key');
    }
  } else {
    if (options.production) throw new InvalidConfigurationError('JWT_PRIVATE_KEY is required in production');
    (options.logger ?? new Logger('SigningKeys')).warn(
      'JWT_PRIVATE_KEY not set: signing with a key generated for this process only (tokens die with it)',
    );
    privateKey = (await generateKeyPair(SIGNING_ALGORITHM, { crv: 'Ed25519', extractable: true })).privateKey;
  }
  // On Node, jose's keys are KeyObjects, which derive their public half.
  const publicKey = createPublicKey(privateKey as KeyObject);
  const jwk = await exportJWK(publicKey);
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519')
    throw new InvalidConfigurationError('JWT_PRIVATE_KEY must be an Ed25519 key');
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicKey, publicJwk: { ...jwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' } };
}

/**
 * identity's signing key. The kid is the key's JWK thumbprint, so replicas sharing a key agree on
 * it, and a rotated key gets a new one that verifiers fetch on first sight.
 */
export class SigningKeys {
  private constructor(private readonly material: Promise<KeyMaterial>) {}

  static fromPem(pem: string | undefined, options: SigningKeyOptions): SigningKeys {
    const material = load(pem, options);
    material.catch(() => undefined); // surfaced by ready(), which the app awaits at start-up
    return new SigningKeys(material);
  }

  /** The loaded key; rejects with InvalidConfigurationError for an unusable setting. */
  ready(): Promise<KeyMaterial> {
    return this.material;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: [(await this.material).publicJwk] };
  }

  /** Lets identity verify its own tokens from memory instead of fetching its JWKS over HTTP. */
  readonly verificationKey: JWTVerifyGetKey = async (header) => {
    const material = await this.material;
    // A jose error, so the guard answers 401 (a token of another key, e.g. a previous process's).
    if (header.kid !== material.kid) throw new errors.JWKSNoMatchingKey();
    return material.publicKey;
  };
}
