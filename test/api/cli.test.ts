import { execFile } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

/** Runs the CLI with `extra` variables, expecting it to fail; answers what it printed on stderr. */
async function failing(extra: NodeJS.ProcessEnv, ...args: string[]) {
  try {
    await run(process.execPath, [cli, ...args], { env: { ...env, ...extra } });
  } catch (error) {
    return (error as { stderr: string }).stderr;
  }
  throw new Error(`clientele ${args.join(' ')} succeeded`);
}

describe('start-up errors', () => {
  const SECRET = 'Sup3r-s3cret';

  it('name the variable of a malformed setting and never print its password', async () => {
    const cases: [string, string][] = [
      ['DATABASE_URL', `mysql://shop:${SECRET}@db.internal/shop`],
      ['DATABASE_URL', `shop:${SECRET}@db.internal:5432/shop`],
      ['REDIS_URL', `http://:${SECRET}@cache.internal:6379`],
      ['SMTP_URL', `smtp:/mailer:${SECRET}@mail.internal:587`],
      ['CLIENTELE_ADMIN_PASSWORD', 'S3cr'],
    ];
    const printed = await Promise.all(
      cases.map(([variable, value]) => failing({ [variable]: value }, 'migrate')),
    );
    for (const [i, [variable, value]] of cases.entries()) {
      expect(printed[i], `${variable}=${value}`).toContain(`${variable}: must`);
      expect(printed[i], `${variable}=${value}`).not.toContain('s3cret');
      expect(printed[i], `${variable}=${value}`).not.toContain('S3cr');
    }
  }, 120_000);

  it('say which variable names an unreachable database, and how to fix it, without its password', async () => {
    const stderr = await failing({ DATABASE_URL: `postgres://shop:${SECRET}@127.0.0.1:1/shop` }, 'migrate');
    expect(stderr).toContain(
      'Cannot connect to the database in DATABASE_URL (postgres://shop:***@127.0.0.1:1/shop)',
    );
    expect(stderr).toContain('ECONNREFUSED');
    expect(stderr).toContain('unset DATABASE_URL to use the embedded database');
    expect(stderr).not.toContain('s3cret');
    // A URL that passes the scheme check but that the driver cannot parse.
    const garbled = await failing(
      { DATABASE_URL: `postgres://shop:${SECRET} x@db.internal:port/shop` },
      'migrate',
    );
    expect(garbled).toContain('DATABASE_URL');
    expect(garbled).not.toContain('s3cret');
  }, 120_000);
});

/** Folders and files under `dir` that anyone but their owner may read, write or enter. */
function openToOthers(dir: string) {
  const found = { folders: 0, files: 0 };
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isDirectory()) {
      if ((stat.mode & 0o777) !== 0o700) found.folders++;
      for (const entry of readdirSync(path)) walk(join(path, entry));
    } else if (stat.isFile() && (stat.mode & 0o777) !== 0o600) found.files++;
  };
  walk(dir);
  return found;
}

describe('the embedded data folder', () => {
  it('is private: the folder 0700 and its files 0600, and a folder left open is closed at start', async () => {
    const privateDir = join(mkdtempSync(join(tmpdir(), 'clientele-private-')), 'data');
    const embedded = { CLIENTELE_DATA_DIR: privateDir, DATABASE_URL: '' };
    try {
      await run(process.execPath, [cli, 'tenant', 'create', '--slug', 'private'], {
        env: { ...env, ...embedded },
      });
      expect(openToOthers(privateDir)).toEqual({ folders: 0, files: 0 });
      // What an older version left: everything readable and writable by every local user.
      const loosen = (path: string) => {
        const stat = lstatSync(path);
        chmodSync(path, stat.isDirectory() ? 0o777 : 0o666);
        if (stat.isDirectory()) for (const entry of readdirSync(path)) loosen(join(path, entry));
      };
      loosen(privateDir);
      await run(process.execPath, [cli, 'migrate'], { env: { ...env, ...embedded } });
      expect(openToOthers(privateDir)).toEqual({ folders: 0, files: 0 });
    } finally {
      rmSync(join(privateDir, '..'), { recursive: true, force: true });
    }
  }, 120_000);
});

describe('clientele import and export', () => {
  it('imports a CSV file with a progress bar and exports the customers to stdout', async () => {
    const file = join(dataDir, 'customers.csv');
    writeFileSync(
      file,
      'email,firstName,lastName,address.line1,address.city,address.countryCode\n' +
        'cli-a@example.com,Ann,=Cli,1 Main St,Oslo,NO\n' +
        'not-an-email,Bad,Row,,,\n',
    );
    const imported = await run(process.execPath, [cli, 'import', file, '--mode', 'upsert'], { env });
    expect(imported.stdout).toMatch(/Import \S+ succeeded: /);
    expect(imported.stdout).toContain('"created":1');
    expect(imported.stdout).toContain('"failed":1');
    expect(imported.stdout).toContain('/errors');
    const exported = await clientele('export', '--format', 'csv', '--filter', 'email eq "cli-a@example.com"');
    const [header, row, more] = exported.split('\n');
    expect(header?.startsWith('id,email,firstName,lastName')).toBe(true);
    expect(row).toContain(",cli-a@example.com,Ann,'=Cli,");
    expect(row).toContain(',1 Main St,,Oslo,');
    expect(more).toBeUndefined();
  }, 120_000);
});
