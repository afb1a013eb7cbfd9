import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { migrateToLatest, openDatabase } from '../../src/db/database.js';

export const TEMPLATE_DIR = join(process.cwd(), 'node_modules', '.cache', 'clientele-test');
export const PGLITE_TEMPLATE = join(TEMPLATE_DIR, 'pglite-template.tar.gz');
/**
 * PostgreSQL databases of one test run share this prefix; `TEST_DB_PREFIX` gives concurrent runs
 * against one server (two checkouts on one machine) prefixes of their own, so neither drops the
 * other's databases as stale.
 */
export const PG_DB_PREFIX = process.env.TEST_DB_PREFIX ?? 'clientele_test';
export const PG_TEMPLATE_DB = `${PG_DB_PREFIX}_template`;

/**
 * Migrates one template database per engine before any test file runs; each file then clones
 * it (PGlite: loads the dumped data folder; PostgreSQL: CREATE DATABASE … TEMPLATE), which is
 * much faster than migrating per file and keeps files isolated from each other.
 */
export default async function setup() {
  if (process.env.CI && !process.env.TEST_DATABASE_URL) {
    throw new Error('CI must run the suite against PostgreSQL too: set TEST_DATABASE_URL.');
  }
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  const pglite = await openDatabase({});
  await migrateToLatest(pglite.db);
  const dump = await pglite.pglite!.dumpDataDir('gzip');
  // Written aside and renamed, so a run starting alongside never reads half a template.
  const partial = `${PGLITE_TEMPLATE}.${process.pid}`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, PGLITE_TEMPLATE);
  await pglite.close();

  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const stale = await admin.query<{ datname: string }>(
      'select datname from pg_database where starts_with(datname, $1)',
      [`${PG_DB_PREFIX}_`],
    );
    for (const { datname } of stale.rows)
      await admin.query(`drop database if exists "${datname}" with (force)`);
    await admin.query(`create database "${PG_TEMPLATE_DB}"`);
    await admin.end();
    const template = await openDatabase({ url: withDatabase(url, PG_TEMPLATE_DB), poolSize: 1 });
    await migrateToLatest(template.db);
    await template.close();
  }
  writeFileSync(join(TEMPLATE_DIR, 'ready'), new Date().toISOString());
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
