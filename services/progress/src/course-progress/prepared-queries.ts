import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Named prepared statements on the ORM's own connection pool, for the hot read path: PostgreSQL
 * parses and plans each statement once per connection instead of once per request, and no query
 * builder runs per request. Everything else goes through the EntityManager.
 */
@Injectable()
export class PreparedQueries {
  constructor(private readonly orm: MikroORM) {}

  async rows<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const client = this.orm.em.getConnection().getKnex().client;
    const connection = (await client.acquireConnection()) as PgConnection;
    try {
      return (await connection.query({ name, text, values })).rows as T[];
    } finally {
      await client.releaseConnection(connection);
    }
  }
}
