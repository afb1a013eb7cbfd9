import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, migrateToLatest, newerMigrations } from '../../src/db/database.js';
import { createTestDatabase } from '../helpers/db.js';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe('a database a newer release has migrated (a rolling upgrade)', () => {
  it('is left as it is, so a process of this release restarting mid-upgrade still starts', async () => {
    expect(await newerMigrations(handle.db)).toEqual([]);
    await sql`insert into kysely_migration (name, timestamp) values ('9999-from-a-newer-release', now()::text)`.execute(
      handle.db,
    );
    expect(await newerMigrations(handle.db)).toEqual(['9999-from-a-newer-release']);
    // Kysely's migrator alone refuses such a database ("corrupted migrations … is missing").
    await expect(migrateToLatest(handle.db)).resolves.toEqual([]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from customers`.execute(handle.db);
    expect(rows[0]!.n).toBe(0);
  });
});

describe('job files (migration 0021)', () => {
  it('compress with lz4 on PostgreSQL, and keep the default on the embedded engine, which has no lz4', async () => {
    const { rows } = await sql<{ method: string }>`
      select attcompression as method from pg_attribute
       where attrelid = 'job_files'::regclass and attname = 'bytes'`.execute(handle.db);
    // 'l' is lz4; '' is the server's default_toast_compression (pglz).
    expect(rows[0]!.method).toBe(handle.kind === 'postgres' ? 'l' : '');
  });
});
