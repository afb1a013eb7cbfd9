import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../src/db/database.js';
import { PG_DB_PREFIX, PG_TEMPLATE_DB, PGLITE_TEMPLATE, withDatabase } from './global-setup.js';

export type Engine = 'pglite' | 'postgres' | 'pgbouncer';

/**
 * The engine this test project runs on (vitest.config.ts sets it per project). `pgbouncer` is
 * PostgreSQL reached through PgBouncer in transaction pooling mode (TEST_PGBOUNCER_URL).
 */
export const engine: Engine =
  process.env.CLIENTELE_TEST_DB === 'postgres' || process.env.CLIENTELE_TEST_DB === 'pgbouncer'
    ? process.env.CLIENTELE_TEST_DB
    : 'pglite';

/**
 * A fresh, migrated database of its own for one test file: a copy of the template on the
 * engine of this project. Closing it drops the copy.
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { url?: string }> {
  if (engine === 'pglite') {
    const template = new Blob([readFileSync(PGLITE_TEMPLATE)]);
    return openDatabase({ loadDataDir: template });
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error(`The ${engine} test project needs TEST_DATABASE_URL.`);
  const bouncer = process.env.TEST_PGBOUNCER_URL;
  if (engine === 'pgbouncer' && !bouncer)
    throw new Error('The pgbouncer test project needs TEST_PGBOUNCER_URL.');
  const name = await createPostgresDatabase(url);
  // Created on PostgreSQL itself (PgBouncer has no CREATE DATABASE of its own), then opened, under
  // the same name, through PgBouncer when that is the engine.
  const appUrl = withDatabase(engine === 'pgbouncer' ? bouncer! : url, name);
  const handle = await openDatabase({ url: appUrl, poolSize: 10 });
  return {
    ...handle,
    url: appUrl,
    close: async () => {
      await handle.close();
      await dropPostgresDatabase(url, name);
    },
  };
}

/** A fresh copy of the migrated template on the PostgreSQL server of `url`; answers its name. */
export async function createPostgresDatabase(url: string): Promise<string> {
  const name = `${PG_DB_PREFIX}_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${PG_TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  return name;
}

/** Drops a database createPostgresDatabase made, once its clients have gone. */
export async function dropPostgresDatabase(url: string, name: string): Promise<void> {
  const dropper = new pg.Client({ connectionString: url });
  await dropper.connect();
  // The pool's end() resolves before the server has closed every backend; forcing the drop
  // then would kill a closing connection, whose client reports it as an uncaught error.
  // PgBouncer keeps its server connections to the database open after our pool closed:
  // those are the pooler's, closed by the forced drop, so there is nothing to wait for.
  for (let i = 0; i < (engine === 'pgbouncer' ? 0 : 50); i++) {
    const open = await dropper.query('select count(*)::int as n from pg_stat_activity where datname = $1', [
      name,
    ]);
    if (open.rows[0].n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await dropper.query(`drop database if exists "${name}" with (force)`);
  await dropper.end();
}
