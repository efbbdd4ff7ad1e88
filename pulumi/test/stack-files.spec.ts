// The committed stack files (Pulumi.dev.yaml, Pulumi.prod.yaml) pass config.ts once an SRE has
// added what they must not hold (the SMTP secret; prod's certificate), and hold no secret.
import * as pulumi from '@pulumi/pulumi';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../config';

const PROJECT = 'learning-platform';

function stackFile(stack: string): Record<string, unknown> {
  const file = parse(readFileSync(join(__dirname, '..', `Pulumi.${stack}.yaml`), 'utf8')) as {
    config: Record<string, unknown>;
  };
  return file.config;
}

function load(stack: string, added: Record<string, string>) {
  const values = stackFile(stack);
  const own = (name: string): string | undefined => {
    const value = values[`${PROJECT}:${name}`] ?? added[name];
    if (value === undefined) return undefined;
    return typeof value === 'string' ? value : JSON.stringify(value);
  };
  return loadConfig(
    { get: (name) => (name === 'smtpUrl' ? undefined : own(name)), getSecret: (name) => pulumi.secret(own(name)!) },
    { project: PROJECT, stack, region: values['aws:region'] as string },
  );
}

const SMTP = { smtpUrl: 'smtps://user:pass@email-smtp.eu-west-1.amazonaws.com:465' };

describe('committed stack files', () => {
  it('dev is valid as committed (plus the SMTP secret) and small', () => {
    const config = load('dev', SMTP);
    expect(config.environment).toBe('dev');
    expect(config.natGatewayPerAz).toBe(false);
    expect(config.broker.deploymentMode).toBe('SINGLE_INSTANCE');
  });

  it('prod is valid once the certificate is set, and highly available', () => {
    const config = load('prod', {
      ...SMTP,
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
    });
    expect(config.environment).toBe('prod');
    expect(config.database).toMatchObject({ multiAz: true, deletionProtection: true });
    expect(config.database.backupRetentionDays).toBeGreaterThanOrEqual(7);
    expect(config.natGatewayPerAz).toBe(true);
    expect(config.broker.deploymentMode).toBe('CLUSTER_MULTI_AZ');
    expect(config.cluster.endpointPublicAccess).toBe(false);
    expect(config.cluster.nodeGroup.minSize).toBeGreaterThanOrEqual(3);
  });

  it('prod refuses to run without its certificate', () => {
    expect(() => load('prod', SMTP)).toThrow(/learning-platform:certificateArn is required in prod/);
  });

  it('hold no secret in plain text (`pulumi config set --secret` writes only `secure:` ciphertext)', () => {
    for (const stack of ['dev', 'prod']) {
      const values = stackFile(stack);
      for (const [key, value] of Object.entries(values)) {
        if (/smtp|password|secret|token|private/i.test(key))
          expect({ key, value }).toEqual({ key, value: { secure: expect.any(String) } });
      }
      expect(JSON.stringify(values)).not.toMatch(/:\/\/[^/\s:"]+:[^@\s"]+@/);
    }
  });
});
