import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/db/database.js';
import { dropPostgresDatabase } from '../helpers/db.js';
import { PG_DB_PREFIX, withDatabase } from '../helpers/global-setup.js';

/**
 * Every process start migrates. Through PgBouncer in transaction pooling mode a session-level
 * lock taken in one statement and released in another can land on two server connections, and
 * the lock then outlives the migration on a pooled connection (Kysely's migrator did that: the
 * next start waited an hour). Several processes starting at once must all finish and leave no
 * lock behind.
 */
const direct = process.env.TEST_DATABASE_URL!;
const name = `${PG_DB_PREFIX}_${randomUUID().replace(/-/g, '').slice(0, 16)}`;

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: direct });
  await admin.connect();
  // Empty, not the migrated template: the first migrator has everything to do.
  await admin.query(`create database "${name}"`);
  await admin.end();
});
afterAll(() => dropPostgresDatabase(direct, name));

describe('migrations through PgBouncer', () => {
  it('lets four processes migrate at once, twice, and leaves no advisory lock held', async () => {
    const handles = await Promise.all(
      [1, 2, 3, 4].map(() =>
        openDatabase({ url: withDatabase(process.env.TEST_PGBOUNCER_URL!, name), poolSize: 2 }),
      ),
    );
    try {
      for (let round = 0; round < 2; round++) {
        const applied = await Promise.all(handles.map((handle) => migrateToLatest(handle.db)));
        // The schema is migrated once: one run applies everything, the others find it done.
        expect(applied.filter((names) => names.length > 0).length).toBe(round === 0 ? 1 : 0);
      }
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
    }
    const check = new pg.Client({ connectionString: withDatabase(direct, name) });
    await check.connect();
    const held = await check.query(
      `select 1 from pg_locks l join pg_database d on d.oid = l.database
        where l.locktype = 'advisory' and d.datname = $1`,
      [name],
    );
    await check.end();
    expect(held.rowCount).toBe(0);
  });
});
