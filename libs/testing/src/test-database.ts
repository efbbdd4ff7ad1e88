import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  /** Database name, unique to this run. */
  readonly name: string;
  /** Server URL (without database), as services expect in DATABASE_URL. */
  readonly serverUrl: string;
  drop(): Promise<void>;
}

/** The machine's PostgreSQL server (trust auth, user postgres) unless TEST_DATABASE_URL says otherwise. */
export function testServerUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
}

async function withAdminClient<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${serverUrl.replace(/\/$/, '')}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Makes an empty database of its own for one test file; `drop()` removes it (closing leftover connections). */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    serverUrl,
    drop: () =>
      withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
