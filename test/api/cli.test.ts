import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { type DatabaseHandle, openDatabase } from '../../src/db/database.js';
import { testConfig } from '../helpers/app.js';
import { createTestDatabase, engine } from '../helpers/db.js';

const run = promisify(execFile);
const cli = join(process.cwd(), 'bin', 'clientele.js');

/**
 * The installed `clientele` command (npm test builds what it runs first), on this project's engine: a
 * database of its own on PostgreSQL, a data folder of its own on PGlite.
 */
let env: NodeJS.ProcessEnv;
let pgHandle: (DatabaseHandle & { url?: string }) | null = null;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'clientele-cli-'));
  env = { ...process.env, CLIENTELE_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: '' };
  if (engine === 'postgres') {
    pgHandle = await createTestDatabase();
    env.DATABASE_URL = pgHandle.url;
  }
});
afterAll(async () => {
  await pgHandle?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const clientele = async (...args: string[]) =>
  (await run(process.execPath, [cli, ...args], { env })).stdout.trim();

describe('the clientele CLI', () => {
  it('migrates, creates a tenant, an admin, an API key and demo data that the API then serves', async () => {
    expect(await clientele('tenant', 'create', '--slug', 'acme', '--name', 'Acme')).toMatch(
      /Created tenant acme/,
    );
    // That first command found an empty database and started it from the migrated template.
    expect(await clientele('migrate')).toBe('Already up to date.');
    expect(
      await clientele(
        'admin',
        'create-user',
        '--tenant',
        'acme',
        '--email',
        'ops@acme.test',
        '--password',
        'long password',
        '--role',
        'support',
      ),
    ).toMatch(/Created support ops@acme.test in tenant acme/);
    const key = await clientele(
      'admin',
      'create-api-key',
      '--tenant',
      'acme',
      '--name',
      'ERP',
      '--role',
      'viewer',
    );
    expect(key).toMatch(/^clt_[A-Za-z0-9_-]{43}$/);
    expect(await clientele('seed', '--demo', '--tenant', 'acme')).toMatch(
      /Added \d+ customers to tenant acme/,
    );

    const handle =
      engine === 'postgres' ? await openDatabase({ url: env.DATABASE_URL }) : await openDatabase({ dataDir });
    const app = await buildApp({
      db: handle.db,
      config: testConfig(),
      logger: false,
    });
    const res = await app.inject({
      method: 'GET',
      url: '/admin/v1/customers?q=earnshaw',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.map((c: { lastName: string }) => c.lastName)).toEqual(['Earnshaw']);
    const denied = await app.inject({
      method: 'POST',
      url: '/admin/v1/customers',
      headers: { authorization: `Bearer ${key}` },
      payload: { lastName: 'x' },
    });
    expect(denied.statusCode).toBe(403);
    await app.close();
    await handle.close();
  }, 120_000);

  it('unlocks a locked-out admin user, sets their password and disables them, named by email', async () => {
    expect(
      await clientele('admin', 'create-user', '--email', 'locked@acme.test', '--password', 'long password'),
    ).toMatch(/Created admin locked@acme.test/);
    /** Signs in on the API (the database is free only while no CLI command runs); answers the statuses. */
    const signIns = async (...passwords: string[]) => {
      const handle =
        engine === 'postgres'
          ? await openDatabase({ url: env.DATABASE_URL })
          : await openDatabase({ dataDir });
      const app = await buildApp({ db: handle.db, config: testConfig(), logger: false });
      const statuses = [];
      for (const password of passwords)
        statuses.push(
          (
            await app.inject({
              method: 'POST',
              url: '/admin/v1/auth/login',
              payload: { email: 'locked@acme.test', password },
            })
          ).statusCode,
        );
      await app.close();
      await handle.close();
      return statuses;
    };
    const wrong = Array.from({ length: 5 }, (_, i) => `wrong-${i}`);
    expect(await signIns(...wrong, 'long password')).toEqual([401, 401, 401, 401, 401, 401]);
    expect(await clientele('admin', 'unlock', '--email', 'LOCKED@acme.test')).toBe(
      'Unlocked locked@acme.test.',
    );
    expect(await signIns('long password')).toEqual([200]);

    expect(
      await clientele(
        'admin',
        'set-password',
        '--email',
        'locked@acme.test',
        '--password',
        'another long one',
      ),
    ).toMatch(/Set a new password for locked@acme.test/);
    expect(await signIns('long password', 'another long one')).toEqual([401, 200]);

    expect(await clientele('admin', 'disable', '--email', 'locked@acme.test')).toMatch(
      /Disabled locked@acme.test/,
    );
    expect(await signIns('another long one')).toEqual([401]);
    await expect(clientele('admin', 'unlock', '--email', 'nobody@acme.test')).rejects.toThrow(
      /No such admin user/,
    );
  }, 180_000);
});
