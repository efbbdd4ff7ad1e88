import { PLATFORM_SETTINGS } from './platform-config';
import { platformSettings, type PlatformSettingsInputs } from './platform-settings';

const inputs: PlatformSettingsInputs = {
  nodeEnv: 'production',
  logLevel: 'info',
  databaseSsl: true,
  amqpUrl: 'amqps://u:p@mq:5671',
  identityUrl: 'http://identity:3001',
  publicUrl: 'https://learn.example.com',
  smtpUrl: 'smtps://u:p@smtp:465',
  mailFrom: 'Platform <no-reply@example.com>',
  jwtPrivateKey: 'key',
  admin: { email: 'admin@example.com', password: 'admin-password' },
  objectStore: { bucket: 'media', region: 'eu-west-1', forcePathStyle: false },
};

describe('platformSettings', () => {
  it('decides every key of PLATFORM_SETTINGS: a value on its side of the secret flag, or unset', () => {
    const { values, config, secrets, unset } = platformSettings(inputs);
    for (const { key, secret } of PLATFORM_SETTINGS) {
      const given = key in values;
      expect({ key, given, unset: unset.includes(key) }).toEqual({ key, given, unset: !given });
      expect({ key, config: key in config, secrets: key in secrets }).toEqual({
        key,
        config: given && !secret,
        secrets: given && secret,
      });
    }
  });

  it('derives the JWKS URL and CORS origins, and leaves absent parts unset rather than empty', () => {
    const { values, unset } = platformSettings(inputs);
    expect(values).toMatchObject({
      JWKS_URL: 'http://identity:3001/api/identity/.well-known/jwks.json',
      CORS_ORIGINS: 'https://learn.example.com',
      DATABASE_SSL: 'true',
      S3_FORCE_PATH_STYLE: 'false',
    });
    expect([...unset].sort()).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_TRACES_SAMPLER',
      'OTEL_TRACES_SAMPLER_ARG',
      'S3_ENDPOINT',
      'S3_PUBLIC_ENDPOINT',
    ]);
    const local = platformSettings({ ...inputs, corsOrigins: ['http://a', 'http://b'] }).values;
    expect(local.CORS_ORIGINS).toBe('http://a,http://b');
  });
});
