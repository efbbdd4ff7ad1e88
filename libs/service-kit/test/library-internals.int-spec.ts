import type { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { createTestDatabase, repositoryRoot, type TestDatabase } from '@platform/testing';
import { PreparedStatements, StatementNames } from '../src/database/prepared-statements';
import { join } from 'node:path';

// The guards of docs/library-internals.md: each place that leans on an undocumented part of a
// pinned library has a test here that fails when an upgrade moves it.
const installedVersion = (name: string): string =>
  JSON.parse(readFileSync(join(repositoryRoot(), 'node_modules', name, 'package.json'), 'utf8')).version;

describe('library internals the platform relies on (docs/library-internals.md)', () => {
  let database: TestDatabase;
  let orm: MikroORM;

  beforeAll(async () => {
    database = await createTestDatabase('library_internals');
    orm = await MikroORM.init({
      clientUrl: database.serverUrl,
      dbName: database.name,
      entities: [],
      discovery: { warnWhenNoEntities: false },
      pool: { min: 0, max: 2 },
    });
  });

  afterAll(async () => {
    await orm?.close(true);
    await database?.drop();
  });

  it('runs on the MikroORM version these guards were written for', () => {
    for (const name of ['@mikro-orm/core', '@mikro-orm/postgresql', '@mikro-orm/knex']) {
      expect(`${name}@${installedVersion(name)}`).toBe(`${name}@6.6.16`);
    }
  });

  it("keeps the request context in RequestContext.storage, which getEntityManager reads (service-kit's request scope)", () => {
    const storage = (RequestContext as unknown as { storage?: AsyncLocalStorage<RequestContext> }).storage;
    expect(typeof storage?.run).toBe('function');
    const fork = orm.em.fork();
    const context = new RequestContext(new Map([[orm.em.name, fork]]));
    storage!.run(context, () => expect(RequestContext.getEntityManager()).toBe(fork));
  });

  it("exposes knex's tarn pool as getKnex().client.pool (service-kit's pool metrics)", async () => {
    await orm.em.getConnection().execute('select 1');
    const pool = orm.em.getConnection().getKnex().client.pool;
    expect(pool.numUsed()).toBe(0);
    expect(pool.numFree()).toBeGreaterThanOrEqual(1);
    expect(pool.numPendingAcquires()).toBe(0);
  });

  it("runs named prepared statements on pg connections from knex's acquireConnection (service-kit's PreparedStatements)", async () => {
    const statements = new PreparedStatements(orm);
    const sum = new StatementNames('library_internals').of(`select ?::int + 1 as answer, '?' as "literal?"`);
    expect(await statements.rows(sum, [41])).toEqual([{ answer: 42, 'literal?': '?' }]);
    expect(await statements.rows(sum, [1])).toEqual([{ answer: 2, 'literal?': '?' }]);
    const pool = orm.em.getConnection().getKnex().client.pool;
    expect(pool.numUsed()).toBe(0);
  });

  it("hands out pg connections through knex's acquireConnection, which run named statements", async () => {
    const client = orm.em.getConnection().getKnex().client;
    const connection = await client.acquireConnection();
    try {
      const query = { name: 'library-internals-probe', text: 'select $1::int + 1 as answer', values: [41] };
      expect((await connection.query(query)).rows).toEqual([{ answer: 42 }]);
      expect((await connection.query({ ...query, values: [1] })).rows).toEqual([{ answer: 2 }]);
    } finally {
      await client.releaseConnection(connection);
    }
  });

  it("answers execute(…, 'run') with affectedRows (progress's database helpers)", async () => {
    const connection = orm.em.getConnection();
    await connection.execute('create table probe (id int)');
    await connection.execute('insert into probe values (1), (2), (3)');
    const result = await connection.execute('update probe set id = id + 1 where id > 1', [], 'run');
    expect((result as unknown as { affectedRows: number }).affectedRows).toBe(2);
  });
});
