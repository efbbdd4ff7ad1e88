// The settings the pods read on EKS: every key of PLATFORM_SETTINGS decided, each on its side.
import { PLATFORM_SETTINGS } from '@platform/contracts';
import { UNSET_ON_EKS, eksPlatformSettings } from '../platform-settings';

const inputs = {
  logLevel: 'info',
  publicUrl: 'https://learn.example.com',
  mailFrom: 'Learning Platform <no-reply@example.com>',
  adminEmail: 'admin@example.com',
  bucketName: 'media-bucket',
  region: 'eu-west-1',
  amqpUrl: 'amqps://platform:pw@mq:5671',
  smtpUrl: 'smtps://u:p@smtp:465',
  jwtPrivateKey: 'signing-key',
  adminPassword: 'admin-password',
  otlpEndpoint: 'http://adot-collector.observability.svc:4318',
  traceSampleRatio: 0.1,
};

describe('platform settings on EKS', () => {
  it('splits them by the secret flag of PLATFORM_SETTINGS', () => {
    const { config, secrets } = eksPlatformSettings(inputs);
    for (const setting of PLATFORM_SETTINGS) {
      if (UNSET_ON_EKS.includes(setting.key)) {
        expect(setting.key in config || setting.key in secrets).toBe(false);
      } else {
        expect({ key: setting.key, secret: setting.key in secrets }).toEqual({
          key: setting.key,
          secret: setting.secret,
        });
        expect({ key: setting.key, config: setting.key in config }).toEqual({
          key: setting.key,
          config: !setting.secret,
        });
      }
    }
    // No database credentials: each service's own URL is in its Secret <service>-database.
    expect(Object.keys(secrets).sort()).toEqual(['ADMIN_PASSWORD', 'AMQP_URL', 'JWT_PRIVATE_KEY', 'SMTP_URL']);
  });

  it('leaves static AWS keys and endpoint overrides unset (pod identity, AWS endpoints)', () => {
    expect([...UNSET_ON_EKS].sort()).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'S3_ENDPOINT',
      'S3_PUBLIC_ENDPOINT',
    ]);
    const { config } = eksPlatformSettings(inputs);
    expect(config).toMatchObject({ NODE_ENV: 'production', DATABASE_SSL: 'true', S3_FORCE_PATH_STYLE: 'false' });
    expect(config.JWKS_URL).toBe('http://identity:3001/api/identity/.well-known/jwks.json');
  });
});
