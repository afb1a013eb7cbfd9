import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../src/db/database.js';
import { PG_DB_PREFIX, PG_TEMPLATE_DB, PGLITE_TEMPLATE, withDatabase } from './global-setup.js';

export type Engine = 'pglite' | 'postgres';

/** The engine this test project runs on (vitest.config.ts sets it per project). */
export const engine: Engine = process.env.CLIENTELE_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

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
  if (!url) throw new Error('The postgres test project needs TEST_DATABASE_URL.');
  const name = `${PG_DB_PREFIX}_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${PG_TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({ url: withDatabase(url, name), poolSize: 10 });
  return {
    ...handle,
    url: withDatabase(url, name),
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      // The pool's end() resolves before the server has closed every backend; forcing the drop
      // then would kill a closing connection, whose client reports it as an uncaught error.
      for (let i = 0; i < 50; i++) {
        const open = await dropper.query(
          'select count(*)::int as n from pg_stat_activity where datname = $1',
          [name],
        );
        if (open.rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await dropper.query(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}
