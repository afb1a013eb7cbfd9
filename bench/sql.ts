import type { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/db/database.js';
import { PGliteDialect } from '../src/db/pglite-dialect.js';
import type { DB } from '../src/db/types.js';
import { type RequestContext, systemContext } from '../src/lib/context.js';

/** One statement as the service sent it to the driver. */
export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
}

/** Runs captured statements straight through the driver: the floors. */
export interface SqlRunner {
  query(query: CapturedQuery): Promise<unknown[]>;
  /** The statements in one transaction (BEGIN … COMMIT on one connection); the last one's rows. */
  transaction(queries: CapturedQuery[]): Promise<unknown[]>;
  close(): Promise<void>;
}

export function pgRunner(url: string, poolSize: number): SqlRunner {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  return {
    query: async (q) => (await pool.query(q.sql, q.parameters as unknown[])).rows,
    transaction: async (queries) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        let rows: unknown[] = [];
        for (const q of queries) rows = (await client.query(q.sql, q.parameters as unknown[])).rows;
        await client.query('commit');
        return rows;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export function pgliteRunner(pglite: PGlite): SqlRunner {
  return {
    query: async (q) => (await pglite.query(q.sql, [...q.parameters])).rows,
    transaction: (queries) =>
      pglite.transaction(async (tx) => {
        let rows: unknown[] = [];
        for (const q of queries) rows = (await tx.query(q.sql, [...q.parameters])).rows;
        return rows;
      }),
    close: async () => {},
  };
}

/**
 * A second Kysely instance on the same database that records every statement it runs, so a
 * floor runs exactly the SQL (and parameters) the service produced for a request.
 */
export class QueryCapture {
  private readonly db: Database;
  private current: CapturedQuery[] | null = null;
  private readonly release: () => Promise<void>;

  constructor(source: { url: string } | { pglite: PGlite }) {
    const log = (event: { level: string; query: { sql: string; parameters: readonly unknown[] } }) => {
      // Transaction control is the runner's (SqlRunner.transaction), not a statement to replay.
      if (event.level === 'query' && !/^\s*(begin|commit|rollback)\b/i.test(event.query.sql))
        this.current?.push({ sql: event.query.sql, parameters: [...event.query.parameters] });
    };
    if ('url' in source) {
      const pool = new pg.Pool({ connectionString: source.url, max: 1 });
      this.db = new Kysely<DB>({
        dialect: new PostgresDialect({ pool }),
        plugins: [new CamelCasePlugin()],
        log,
      });
      this.release = () => this.db.destroy();
    } else {
      this.db = new Kysely<DB>({
        dialect: new PGliteDialect(source.pglite),
        plugins: [new CamelCasePlugin()],
        log,
      });
      this.release = async () => {};
    }
  }

  /** Runs `work` as the tenant's system actor and answers its result and the statements it ran. */
  async capture<T>(tenantId: string, work: (ctx: RequestContext) => Promise<T>) {
    const queries: CapturedQuery[] = [];
    this.current = queries;
    try {
      return { result: await work(systemContext(this.db, tenantId)), queries };
    } finally {
      this.current = null;
    }
  }

  close() {
    return this.release();
  }
}

/** The captured statements with some parameter values swapped (another id, a fresh email). */
export function substitute(queries: CapturedQuery[], replacements: Map<unknown, unknown>): CapturedQuery[] {
  return queries.map((q) => ({
    sql: q.sql,
    parameters: q.parameters.map((p) => (replacements.has(p) ? replacements.get(p) : p)),
  }));
}
