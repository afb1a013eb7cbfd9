import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/database.js';
import { make } from '../factories.js';
import { createTestDatabase, engine } from '../helpers/db.js';
import { withDatabase } from '../helpers/global-setup.js';

const run = promisify(execFile);
const cli = join(process.cwd(), 'bin', 'clientele.js');

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'clientele-backup-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Every row of every table, each table's rows in a stable order: what a round trip must keep. */
async function everyRow(db: Kysely<unknown>): Promise<Record<string, string[]>> {
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(db);
  const all: Record<string, string[]> = {};
  for (const { name } of tables) {
    const { rows } = await sql<{
      row: string;
    }>`select to_jsonb(t)::text as row from ${sql.table(name)} t`.execute(db);
    all[name] = rows.map((r) => r.row).sort();
  }
  return all;
}

if (engine === 'pglite') {
  describe('clientele backup and restore (embedded database)', () => {
    const dataDir = () => join(folder, 'data');
    const env = (dir: string) => ({
      ...process.env,
      CLIENTELE_DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      DATABASE_URL: '',
      PORT: '0',
      HOST: '127.0.0.1',
      CLIENTELE_WORKER: 'false',
    });
    const clientele = async (dir: string, ...args: string[]) =>
      (await run(process.execPath, [cli, ...args], { env: env(dir) })).stdout.trim();

    beforeAll(async () => {
      await clientele(dataDir(), 'seed', '--demo');
      await clientele(
        dataDir(),
        'admin',
        'create-user',
        '--email',
        'kept@example.com',
        '--password',
        'long password',
      );
    }, 120_000);

    it('round-trips every table: a restored folder holds the same rows as the one backed up', async () => {
      const file = join(folder, 'shop.backup');
      expect(await clientele(dataDir(), 'backup', file)).toMatch(
        /^Backed up \d+ customers \(\d+ tables\) from .* to .*shop\.backup: [\d.]+ MiB in [\d.]+ s\.$/,
      );
      // The file holds personal data: readable by its owner alone.
      expect(statSync(file).mode & 0o777).toBe(0o600);

      const restoredDir = join(folder, 'restored');
      const restored = await clientele(restoredDir, 'restore', file);
      expect(restored).toMatch(
        /^Restored \d+ customers \(\d+ tables\) from .*shop\.backup into .*restored\.$/,
      );

      const original = await openDatabase({ dataDir: dataDir() });
      const copy = await openDatabase({ dataDir: restoredDir });
      try {
        const before = await everyRow(original.db as Kysely<unknown>);
        const after = await everyRow(copy.db as Kysely<unknown>);
        expect(before.customers!.length).toBeGreaterThan(10);
        expect(before.orders!.length).toBeGreaterThan(10);
        expect(before.admin_users!.length).toBe(1);
        expect(Object.keys(after)).toEqual(Object.keys(before));
        for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
      } finally {
        await original.close();
        await copy.close();
      }
    });

    it('refuses to back up or restore while serve has the folder, and says to stop it', async () => {
      const server: ChildProcess = spawn(process.execPath, [cli, 'serve'], {
        env: env(dataDir()),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        await new Promise<void>((resolve, reject) => {
          let output = '';
          server.stdout!.on('data', (chunk) => {
            output += chunk;
            if (output.includes('Clientele is running')) resolve();
          });
          server.once('exit', (code) => reject(new Error(`serve exited (${code}): ${output}`)));
        });
        for (const args of [
          ['backup', join(folder, 'busy.backup')],
          ['restore', join(folder, 'shop.backup')],
        ]) {
          const refused = await clientele(dataDir(), ...args).catch((error: { stderr: string }) => error);
          expect(typeof refused, args[0]).toBe('object');
          expect((refused as { stderr: string }).stderr).toContain(
            `is in use by another Clientele process (pid ${server.pid})`,
          );
          expect((refused as { stderr: string }).stderr).toContain('stop that process first');
        }
        expect(existsSync(join(folder, 'busy.backup'))).toBe(false);
      } finally {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      // Stopped, the folder is free again.
      expect(await clientele(dataDir(), 'backup', join(folder, 'after.backup'))).toMatch(/^Backed up/);
    });

    it('keeps the database a restore replaces, and leaves it untouched when the file is no backup', async () => {
      const target = join(folder, 'target');
      await clientele(target, 'migrate');
      const notABackup = join(folder, 'notes.txt');
      writeFileSync(notABackup, 'not a backup');
      const bad = await clientele(target, 'restore', notABackup).catch((error: { stderr: string }) => error);
      expect((bad as { stderr: string }).stderr).toContain('is not a Clientele backup');
      expect(existsSync(join(target, 'PG_VERSION'))).toBe(true);

      const output = await clientele(target, 'restore', join(folder, 'shop.backup'));
      const kept = /kept in (\S+): delete it/.exec(output)?.[1];
      expect(kept, output).toBeDefined();
      expect(existsSync(join(kept!, 'PG_VERSION'))).toBe(true);

      // A folder holding something else is never replaced (a mistyped CLIENTELE_DATA_DIR).
      const home = join(folder, 'home');
      mkdirSync(home);
      writeFileSync(join(home, 'thesis.txt'), 'years of work');
      const refused = await clientele(home, 'restore', join(folder, 'shop.backup')).catch(
        (error: { stderr: string }) => error,
      );
      expect((refused as { stderr: string }).stderr).toContain('holds no embedded database');
      expect(existsSync(join(home, 'thesis.txt'))).toBe(true);
    });
  });
} else {
  describe('pg_dump and pg_restore (the PostgreSQL path docs/operations.md gives)', () => {
    let source: DatabaseHandle & { url?: string };
    const target = `${process.env.TEST_DB_PREFIX ?? 'clientele_test'}_restored_${process.pid}`;
    const admin = () => new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });

    beforeAll(async () => {
      source = await createTestDatabase();
    });
    afterAll(async () => {
      await source?.close();
      const client = admin();
      await client.connect();
      await client.query(`drop database if exists "${target}" with (force)`);
      await client.end();
    });

    it('round-trips every table, with the advice `clientele backup` prints for PostgreSQL', async () => {
      const { ensureDefaultTenant } = await import('../../src/modules/tenants/tenants.service.js');
      const { systemContext } = await import('../../src/lib/context.js');
      const tenant = await ensureDefaultTenant(source.db);
      const ctx = systemContext(source.db, tenant.id);
      const buyer = await make.customer(ctx, {
        firstName: 'Pia',
        addresses: [{ line1: '1 Road', city: 'Berlin', countryCode: 'DE' }],
      });
      await make.order(ctx, { customerId: buyer.id, status: 'paid' });

      const file = join(folder, 'shop.dump');
      const advice = await run(process.execPath, [cli, 'backup', file], {
        env: { ...process.env, DATABASE_URL: source.url, LOG_LEVEL: 'silent' },
      }).catch((error: { stderr: string }) => error);
      const command = /\n\s+(pg_dump .*)\n/.exec((advice as { stderr: string }).stderr)?.[1];
      expect(command).toMatch(/^pg_dump -h \S+ -p \d+ -U \S+ --format=custom --file \S+ \S+$/);
      // The command as printed, run (the password comes from the environment, as pg_dump reads it).
      const password = new URL(process.env.TEST_DATABASE_URL!).password;
      const pgEnv = { ...process.env, ...(password ? { PGPASSWORD: decodeURIComponent(password) } : {}) };
      await run('sh', ['-c', command!], { env: pgEnv });

      const client = admin();
      await client.connect();
      await client.query(`create database "${target}"`);
      await client.end();
      await run(
        'pg_restore',
        [
          '--dbname',
          withDatabase(process.env.TEST_DATABASE_URL!, target),
          '--no-owner',
          '--exit-on-error',
          file,
        ],
        { env: pgEnv },
      );
      const restored = await openDatabase({
        url: withDatabase(process.env.TEST_DATABASE_URL!, target),
        poolSize: 2,
      });
      try {
        const before = await everyRow(source.db as Kysely<unknown>);
        const after = await everyRow(restored.db as Kysely<unknown>);
        expect(before.orders).toHaveLength(1);
        expect(Object.keys(after)).toEqual(Object.keys(before));
        for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
      } finally {
        await restored.close();
      }
    });
  });
}
