import { randomUUID } from 'node:crypto';
import { testServerUrl } from './test-database';

/** The machine's RabbitMQ unless TEST_AMQP_URL says otherwise. */
export function testAmqpUrl(): string {
  return process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
}

/** Environment for a service under test: real local PostgreSQL and RabbitMQ, quiet logs. */
export function testEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: testServerUrl(),
    AMQP_URL: testAmqpUrl(),
    // Events of a test go to an exchange of its own, never to a running platform's.
    EVENTS_EXCHANGE: `test.events.${randomUUID()}`,
    ...overrides,
  };
}
