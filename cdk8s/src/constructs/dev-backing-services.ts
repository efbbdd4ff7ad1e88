import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DEV_INFRA_IMAGES } from '../images';
import { DevStatefulService } from './dev-stateful-service';

/** Credentials of the local backing services; known values for a throw-away cluster only. */
export interface DevInfraCredentials {
  readonly postgresPassword: string;
  readonly rabbitmqUser: string;
  readonly rabbitmqPassword: string;
  readonly minioUser: string;
  readonly minioPassword: string;
  /** Password of the first admin (and the demo accounts of the seed). */
  readonly adminPassword: string;
}

/** The Secret with the backing services' credentials, and `mc`'s alias `dev` (key `MC_HOST_dev`) for MinIO. */
export const DEV_INFRA_CREDENTIALS_SECRET = 'dev-infra-credentials';

export interface DevBackingServicesProps {
  readonly credentials: DevInfraCredentials;
  /** Origin the browser loads the platform from: MinIO lets it PUT and GET presigned URLs. */
  readonly webOrigin: string;
}

const RABBITMQ_CONFIG = 'rabbitmq-config';

/**
 * The platform's backing services on a local cluster: PostgreSQL, RabbitMQ, MinIO and a mail
 * catcher (Mailpit), each a DevStatefulService, with the Secret of their credentials.
 */
export class DevBackingServices extends Construct {
  readonly postgres: DevStatefulService;
  readonly rabbitmq: DevStatefulService;
  readonly minio: DevStatefulService;
  readonly mailCatcher: DevStatefulService;

  constructor(scope: Construct, id: string, props: DevBackingServicesProps) {
    super(scope, id);
    const { credentials } = props;
    if (!/^https?:\/\/[^/]+$/.test(props.webOrigin)) {
      throw new Error(
        `DevBackingServices: webOrigin must be an http(s) origin without a path (got ${props.webOrigin})`,
      );
    }

    new kplus.Secret(this, 'credentials', {
      metadata: { name: DEV_INFRA_CREDENTIALS_SECRET },
      stringData: {
        POSTGRES_PASSWORD: credentials.postgresPassword,
        RABBITMQ_DEFAULT_USER: credentials.rabbitmqUser,
        RABBITMQ_DEFAULT_PASS: credentials.rabbitmqPassword,
        MINIO_ROOT_USER: credentials.minioUser,
        MINIO_ROOT_PASSWORD: credentials.minioPassword,
        // `mc` reads an alias from MC_HOST_<alias>, so the bucket Job needs no shell.
        MC_HOST_dev: `http://${credentials.minioUser}:${credentials.minioPassword}@minio:9000`,
      },
    });
    const secretKey = (key: string) => ({ secretName: DEV_INFRA_CREDENTIALS_SECRET, key });

    this.postgres = new DevStatefulService(this, 'postgres', {
      name: 'postgres',
      image: DEV_INFRA_IMAGES.postgres,
      ports: [{ name: 'postgres', port: 5432 }],
      user: 999,
      env: {
        POSTGRES_PASSWORD: secretKey('POSTGRES_PASSWORD'),
        // A subdirectory: the volume's root holds lost+found, which initdb refuses.
        PGDATA: '/var/lib/postgresql/data/pgdata',
      },
      dataPath: '/var/lib/postgresql/data',
      storageGibibytes: 2,
      scratchPaths: ['/tmp', '/var/run/postgresql'],
      readinessCommand: ['pg_isready', '-U', 'postgres', '-h', '127.0.0.1'],
    });

    new kplus.ConfigMap(this, 'rabbitmq-config', {
      metadata: { name: RABBITMQ_CONFIG },
      data: {
        'rabbitmq.conf': [
          'listeners.tcp.default = 5672',
          'management.tcp.port = 15672',
          'log.console = true',
          'log.file = false',
          '',
        ].join('\n'),
        enabled_plugins: '[rabbitmq_management,rabbitmq_prometheus].\n',
      },
    });
    this.rabbitmq = new DevStatefulService(this, 'rabbitmq', {
      name: 'rabbitmq',
      image: DEV_INFRA_IMAGES.rabbitmq,
      ports: [
        { name: 'amqp', port: 5672 },
        { name: 'management', port: 15672 },
      ],
      user: 999,
      env: {
        RABBITMQ_DEFAULT_USER: secretKey('RABBITMQ_DEFAULT_USER'),
        RABBITMQ_DEFAULT_PASS: secretKey('RABBITMQ_DEFAULT_PASS'),
      },
      dataPath: '/var/lib/rabbitmq',
      configMounts: { '/etc/rabbitmq': RABBITMQ_CONFIG },
      memoryMebibytes: 768,
      readinessCommand: ['rabbitmq-diagnostics', '-q', 'ping'],
    });

    this.minio = new DevStatefulService(this, 'minio', {
      name: 'minio',
      image: DEV_INFRA_IMAGES.minio,
      args: ['server', '/data', '--console-address', ':9001', '--certs-dir', '/tmp/certs'],
      ports: [
        { name: 's3', port: 9000 },
        { name: 'console', port: 9001 },
      ],
      user: 1000,
      env: {
        MINIO_ROOT_USER: secretKey('MINIO_ROOT_USER'),
        MINIO_ROOT_PASSWORD: secretKey('MINIO_ROOT_PASSWORD'),
        // The browser PUTs and GETs presigned URLs from the web app's origin.
        MINIO_API_CORS_ALLOW_ORIGIN: props.webOrigin,
      },
      dataPath: '/data',
      storageGibibytes: 5,
    });

    this.mailCatcher = new DevStatefulService(this, 'mailpit', {
      name: 'mailpit',
      image: DEV_INFRA_IMAGES.mailCatcher,
      ports: [
        { name: 'smtp', port: 1025 },
        { name: 'http', port: 8025 },
      ],
      user: 1000,
      env: { MP_DATABASE: '/data/mailpit.db' },
      dataPath: '/data',
      memoryMebibytes: 128,
    });
  }
}
