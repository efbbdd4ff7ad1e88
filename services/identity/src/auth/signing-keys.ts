import { createPublicKey, type KeyObject } from 'node:crypto';
import { Logger } from '@nestjs/common';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importPKCS8,
  type JWK,
  type JWTVerifyGetKey,
  type KeyLike,
} from 'jose';
import { InvalidConfigurationError } from './invalid-configuration.error';

export const SIGNING_ALGORITHM = 'EdDSA';

interface KeyMaterial {
  readonly kid: string;
  readonly privateKey: KeyLike;
  readonly publicJwk: JWK;
  readonly publicKey: KeyLike;
}

async function load(pem: string | undefined, production: boolean): Promise<KeyMaterial> {
  let privateKey: KeyLike;
  if (pem) {
    try {
      privateKey = await importPKCS8(pem.replace(/\\n/g, '\n'), SIGNING_ALGORITHM);
    } catch {
      throw new InvalidConfigurationError('JWT_PRIVATE_KEY must be a PKCS#8 PEM Ed25519 private key');
    }
  } else {
    if (production) throw new InvalidConfigurationError('JWT_PRIVATE_KEY is required in production');
    new Logger('SigningKeys').warn('JWT_PRIVATE_KEY not set: using a key generated for this process only');
    privateKey = (await generateKeyPair(SIGNING_ALGORITHM, { crv: 'Ed25519', extractable: true })).privateKey;
  }
  // On Node, jose's keys are KeyObjects, which derive their public half.
  const publicKey = createPublicKey(privateKey as KeyObject);
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, privateKey, publicKey, publicJwk: { ...publicJwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' } };
}

/**
 * identity's signing key. The kid is the key's JWK thumbprint, so replicas sharing a key agree on
 * it and a rotated key gets a new one that verifiers fetch on first sight.
 */
export class SigningKeys {
  private constructor(private readonly material: Promise<KeyMaterial>) {}

  static fromPem(pem: string | undefined, production: boolean): SigningKeys {
    const material = load(pem, production);
    material.catch(() => undefined); // surfaced by ready()
    return new SigningKeys(material);
  }

  ready(): Promise<KeyMaterial> {
    return this.material;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: [(await this.material).publicJwk] };
  }

  /** Lets identity verify its own tokens without fetching its JWKS over HTTP. */
  readonly verificationKey: JWTVerifyGetKey = async (header) => {
    const material = await this.material;
    if (header.kid !== material.kid) throw new Error('unknown kid');
    return material.publicKey;
  };
}
