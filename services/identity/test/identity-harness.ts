import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BACKEND_SERVICES, type EventEnvelope } from '@platform/contracts';
import { createServiceApp, managementListenerOf } from '@platform/service-kit';
import { type ServiceUnderTest, startServiceUnderTest, TestEventBroker } from '@platform/service-testing';
import { startTestMailCatcher, type TestMailCatcher, waitFor } from '@platform/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { IdentityConfig } from '../src/config/identity.config';

export const API = BACKEND_SERVICES.identity.routePrefix;
export const PASSWORD = 'correct horse battery';
export const ADMIN = { email: 'root@example.test', password: 'root-password-123' };

export interface Account {
  readonly id: string;
  readonly email: string;
}

export interface SignedInAccount extends Account {
  readonly accessToken: string;
  readonly refreshToken: string;
}

export const bearer = (accessToken: string): { authorization: string } => ({
  authorization: `Bearer ${accessToken}`,
});

/** A fresh address per call, mixed case on purpose (addresses compare case-insensitively). */
export const newEmail = (): string => `User.${randomUUID()}@Example.test`;

/** Rate limits high enough not to interfere with tests that are not about them. */
const RELAXED_LIMITS = { LOGIN_RATE_LIMIT: '1000', SIGNUP_RATE_LIMIT: '1000', PASSWORD_RESET_RATE_LIMIT: '1000' };

export interface HarnessOptions {
  readonly env?: Record<string, string>;
  /**
   * The SMTP catcher to send to: by default one of its own (closed with the harness); a shared one
   * (left open); or none (SMTP_URL must then come from `env`).
   */
  readonly mail?: TestMailCatcher | false;
  /** Copy every event identity publishes into `events` through a queue bound to the test's exchange. */
  readonly tapEvents?: boolean;
}

/**
 * identity in-process as deployed: its own database migrated by the committed migrations, a real
 * SMTP catcher (maildev), the machine's RabbitMQ on an exchange of its own, real HTTP.
 */
export class IdentityHarness {
  /** identity's signing key (JWT_PRIVATE_KEY), so tests can mint tokens identity must refuse. */
  static readonly signingKey: KeyObject = generateKeyPairSync('ed25519').privateKey;

  private constructor(
    readonly identity: ServiceUnderTest<IdentityConfig>,
    private readonly mailCatcher: TestMailCatcher | undefined,
    private readonly ownsMailCatcher: boolean,
    private readonly broker: TestEventBroker,
  ) {}

  static async start(options: HarnessOptions = {}): Promise<IdentityHarness> {
    const ownsMailCatcher = options.mail === undefined;
    const mail = options.mail === false ? undefined : (options.mail ?? (await startTestMailCatcher()));
    let identity: ServiceUnderTest<IdentityConfig> | undefined;
    try {
      identity = await startServiceUnderTest({
        name: 'identity',
        routePrefix: API,
        configClass: IdentityConfig,
        module: (config) => AppModule.forRoot(config),
        env: {
          PUBLIC_URL: 'http://web.test',
          JWT_PRIVATE_KEY: IdentityHarness.signingKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          ...(mail ? { SMTP_URL: mail.smtpUrl } : {}),
          MAIL_RETRY_INTERVAL_MS: '200',
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
          ...RELAXED_LIMITS,
          ...options.env,
        },
      });
      // Also used at close to remove the test's exchange, which the outbox relay declared.
      const broker = await TestEventBroker.connect(identity.config.EVENTS_EXCHANGE);
      if (options.tapEvents) await broker.tap('identity.#');
      return new IdentityHarness(identity, mail, ownsMailCatcher, broker);
    } catch (error) {
      await identity?.close();
      if (ownsMailCatcher) await mail?.close();
      throw error;
    }
  }

  /** Every event identity published during the test (with `tapEvents`), in arrival order. */
  get events(): EventEnvelope[] {
    return this.broker.events;
  }

  get config(): IdentityConfig {
    return this.identity.config;
  }

  get mail(): TestMailCatcher {
    if (!this.mailCatcher) throw new Error('this harness runs without a mail catcher');
    return this.mailCatcher;
  }

  http(): ReturnType<typeof request> {
    return request(this.identity.app.getHttpServer());
  }

  /** Raw SQL on identity's database, for what no API shows (outbox rows, expiry in the past). */
  async sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    return this.identity.app.get(MikroORM).em.fork().getConnection().execute<T[]>(query, params);
  }

  async register(email = newEmail(), password = PASSWORD): Promise<Account> {
    const response = await this.http()
      .post(`${API}/register`)
      .send({ email, password, displayName: 'Ada' })
      .expect(201);
    return { id: response.body.id, email };
  }

  /** The token of the newest mail to `email` linking to `page` of the web app. */
  async mailedToken(email: string, page: 'verify-email' | 'reset-password'): Promise<string> {
    const [, token] = await this.mail.waitForMatch(
      email,
      new RegExp(`http://web\\.test/${page}\\?token=([A-Za-z0-9_-]+)`),
    );
    return token;
  }

  /** Waits for a newer link than `previous` (a re-sent or re-requested one). */
  async mailedTokenOtherThan(
    email: string,
    page: 'verify-email' | 'reset-password',
    previous: string,
  ): Promise<string> {
    const pattern = new RegExp(`http://web\\.test/${page}\\?token=([A-Za-z0-9_-]+)`);
    return waitFor(`another ${page} link to ${email}`, async () => {
      for (const mail of (await this.mail.mailsTo(email)).reverse()) {
        const token = pattern.exec(mail.text)?.[1];
        if (token && token !== previous) return token;
      }
      return undefined;
    });
  }

  async verify(email: string): Promise<void> {
    const token = await this.mailedToken(email, 'verify-email');
    await this.http().post(`${API}/verify-email`).send({ token }).expect(200);
  }

  async login(
    email: string,
    password = PASSWORD,
  ): Promise<{ accessToken: string; refreshToken: string; user: { id: string } }> {
    return (await this.http().post(`${API}/login`).send({ email, password }).expect(200)).body;
  }

  /** A new verified learner with a session. */
  async signedIn(email = newEmail()): Promise<SignedInAccount> {
    const account = await this.register(email);
    await this.verify(email);
    const session = await this.login(email);
    return { ...account, accessToken: session.accessToken, refreshToken: session.refreshToken };
  }

  async signedInAdmin(): Promise<SignedInAccount> {
    const session = await this.login(ADMIN.email, ADMIN.password);
    return { id: session.user.id, email: ADMIN.email, ...session };
  }

  /** Waits (bounded) for an event identity published about one user. */
  async publishedEvent(type: string, userId: string): Promise<EventEnvelope> {
    return this.broker.eventMatching(
      `a published ${type} for ${userId}`,
      (event) => event.type === type && (event.payload as { userId?: string }).userId === userId,
    );
  }

  /**
   * A second identity on the same database and exchange, as a restart or another replica would be,
   * listening and ready (database and broker up) like a replica taking traffic. Close it yourself.
   */
  async startReplica(): Promise<NestFastifyApplication> {
    const replica = await createServiceApp(AppModule.forRoot(this.config), {
      routePrefix: API,
      title: 'identity',
      config: this.config,
    });
    try {
      await replica.listen(0, '127.0.0.1');
      // Closed right after init(), the messaging relay's stop() has been seen to take 60 s.
      await waitFor('the replica to be ready', async () =>
        (await request(managementListenerOf(replica).httpServer).get(`${API}/health/ready`)).status === 200
          ? true
          : undefined,
      );
      return replica;
    } catch (error) {
      await replica.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    try {
      // Closed while still starting up, the messaging relay's stop() has been seen to take 60 s;
      // a ready service closes at once.
      await waitFor('identity to be ready before closing', async () => {
        return (await request(this.identity.management).get(`${API}/health/ready`)).status === 200;
      }).catch(() => undefined);
      await this.identity.close();
    } finally {
      await this.broker.removeTopology([]).catch(() => undefined);
      await this.broker.close();
      if (this.ownsMailCatcher) await this.mailCatcher?.close();
    }
  }
}
