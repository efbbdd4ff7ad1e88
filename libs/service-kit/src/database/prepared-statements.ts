import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** A statement PostgreSQL keeps parsed and planned per connection under its name. */
export interface PreparedStatement {
  readonly name: string;
  /** SQL with `$1`, `$2`… placeholders. */
  readonly text: string;
}

interface PgConnection {
  query(config: { name: string; text: string; values: readonly unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * `sql`'s `?` placeholders (as MikroORM's `execute` takes them) turned into `$1`, `$2`…; quoted
 * literals and identifiers are left as they are. Not for SQL using PostgreSQL's `?` operators.
 */
export function positionalPlaceholders(sql: string): string {
  let position = 0;
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (match) => (match === '?' ? `$${++position}` : match));
}

/**
 * Names for statements whose text is built from a bounded set of pieces (a listing's filters and
 * orders, never a caller's input): the same text always gets the same name, so each connection
 * prepares each shape once.
 */
export class StatementNames {
  private readonly names = new Map<string, PreparedStatement>();

  constructor(private readonly prefix: string) {}

  /** The prepared statement of `sql` (with `?` placeholders). */
  of(sql: string): PreparedStatement {
    let statement = this.names.get(sql);
    if (!statement) {
      statement = { name: `${this.prefix}_${this.names.size + 1}`, text: positionalPlaceholders(sql) };
      this.names.set(sql, statement);
    }
    return statement;
  }
}

/**
 * Runs reads as named prepared statements on the ORM's own pool: PostgreSQL parses and plans each
 * once per connection, and the request runs no query builder, no client-side interpolation of the
 * values and no entity hydration (docs/decisions/hot-read-path.md). Writes stay with the EntityManager.
 */
@Injectable()
export class PreparedStatements {
  constructor(private readonly orm: MikroORM) {}

  async rows<T>(statement: PreparedStatement, values: readonly unknown[]): Promise<T[]> {
    const client = this.orm.em.getConnection().getKnex().client;
    const connection = (await client.acquireConnection()) as PgConnection;
    try {
      return (await connection.query({ name: statement.name, text: statement.text, values })).rows as T[];
    } finally {
      await client.releaseConnection(connection);
    }
  }
}
