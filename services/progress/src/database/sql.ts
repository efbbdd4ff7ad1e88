import type { EntityManager } from '@mikro-orm/postgresql';

/** Runs plain SQL (`?` placeholders) in the transaction `em` belongs to, if any. */
export function rows<T extends object>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

/** Runs a plain SQL statement and answers how many rows it changed. */
export async function changed(em: EntityManager, sql: string, params: unknown[] = []): Promise<number> {
  const result = await em.getConnection().execute(sql, params, 'run', em.getTransactionContext());
  return (result as unknown as { affectedRows: number }).affectedRows;
}
