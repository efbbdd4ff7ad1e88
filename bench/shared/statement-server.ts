// The reference of the read benchmarks, run as its own process (`node statement-server.js`):
// node:http and pg, no framework, no token check, no log. For each route of STATEMENT_ROUTES (a
// JSON file: path → statements and answer) it runs the route's statements one after another, as
// the service ran them (a named one as the same prepared statement), then answers the service's own
// bytes. Pool: POOL_MAX connections.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Pool } from 'pg';

export interface StatementRoute {
  readonly statements: ReadonlyArray<{ name?: string; text: string; values?: unknown[] }>;
  readonly body: string;
  readonly contentType: string;
}

function main(): void {
  const routes = new Map(
    Object.entries(JSON.parse(readFileSync(process.env.STATEMENT_ROUTES!, 'utf8')) as Record<string, StatementRoute>),
  );
  const bodies = new Map([...routes].map(([path, route]) => [path, Buffer.from(route.body)]));
  const pool = new Pool({ connectionString: process.env.STATEMENT_DATABASE_URL, max: Number(process.env.POOL_MAX) });
  createServer((request, response) => {
    const route = routes.get(request.url ?? '');
    if (!route) return void response.writeHead(404).end();
    void (async () => {
      for (const statement of route.statements) await pool.query(statement);
    })().then(
      () => response.writeHead(200, { 'content-type': route.contentType }).end(bodies.get(request.url ?? '')),
      () => response.writeHead(503).end(),
    );
  }).listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => void pool.end().then(() => process.exit(0)));
}

if (require.main === module) main();
