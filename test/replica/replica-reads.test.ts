import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { type DatabaseHandle, openDatabase } from '../../src/db/database.js';
import { createTestApp, type TestApp, testConfig } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/db.js';
import { withDatabase } from '../helpers/global-setup.js';

/**
 * Reads from a real streaming replica (TEST_REPLICA_URL: `pg_basebackup -R` of the test cluster,
 * which .ci/run starts): the admin API's lists and gets run there, writes on the primary, and a
 * writer reads its own writes from the primary for CLIENTELE_READ_YOUR_WRITES_MS. To tell which
 * server answered, replay is paused on the replica while the primary changes: the replica then
 * shows the old state. Replay is resumed after each test, whatever happens.
 */
const WINDOW_MS = 2000;
const replicaUrl = process.env.TEST_REPLICA_URL!;

let primary: DatabaseHandle & { url?: string };
let replica: DatabaseHandle;
let replicaAdmin: pg.Client;
let t: TestApp;
let redis: Redis;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds (replay is asynchronous), for up to 30 s. */
async function eventually(check: () => Promise<boolean>, what: string) {
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const pauseReplay = async () => {
  await replicaAdmin.query('select pg_wal_replay_pause()');
  await eventually(
    async () =>
      (await replicaAdmin.query('select pg_get_wal_replay_pause_state() as s')).rows[0].s === 'paused',
    'replay to pause',
  );
};
const resumeReplay = () => replicaAdmin.query('select pg_wal_replay_resume()');

beforeAll(async () => {
  primary = await createTestDatabase();
  const name = new URL(primary.url!).pathname.slice(1);
  replicaAdmin = new pg.Client({ connectionString: replicaUrl });
  await replicaAdmin.connect();
  await resumeReplay();
  // The copy of the template reaches the replica once its CREATE DATABASE has been replayed.
  await eventually(
    async () =>
      (await replicaAdmin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1,
    'the test database on the replica',
  );
  replica = await openDatabase({ url: withDatabase(replicaUrl, name), poolSize: 4 });
  redis = new Redis(process.env.TEST_REDIS_URL!);
  t = await createTestApp({
    handle: { ...primary, reader: replica.db },
    config: { readYourWritesMs: WINDOW_MS },
    redis,
  });
});
afterAll(async () => {
  await resumeReplay().catch(() => undefined);
  await replica?.close();
  // Dropping the database on the primary ends the replica's sessions on it when replayed: wait
  // until the pool's have gone.
  const name = new URL(primary.url!).pathname.slice(1);
  await eventually(
    async () =>
      (await replicaAdmin.query('select 1 from pg_stat_activity where datname = $1', [name])).rowCount === 0,
    'the replica’s sessions to close',
  );
  await t?.close();
  await replicaAdmin?.end();
  redis?.disconnect();
});

const createCustomer = (lastName: string) =>
  t.app.inject({
    method: 'POST',
    url: '/admin/v1/customers',
    headers: t.tenant.auth,
    payload: { firstName: 'Replica', lastName, email: `${lastName.toLowerCase()}@example.com` },
  });
const listed = async (lastName: string, headers: Record<string, string>) => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/admin/v1/customers?q=${lastName.toLowerCase()}`,
    headers,
  });
  expect(res.statusCode).toBe(200);
  return (res.json().data as { lastName: string }[]).some((c) => c.lastName === lastName);
};

describe('reads from a streaming replica', () => {
  it('lists a customer created on the primary once the replica has replayed it', async () => {
    const reader = await t.tenant.as('viewer');
    const created = await createCustomer('Replayed');
    expect(created.statusCode).toBe(201);
    await eventually(() => listed('Replayed', reader), 'the customer in the replica’s list');
    const one = await t.app.inject({
      method: 'GET',
      url: `/admin/v1/customers/${created.json().id}`,
      headers: reader,
    });
    expect(one.statusCode).toBe(200);
  });

  it('reads others’ lists and gets from the replica, and the writer’s own from the primary within its window', async () => {
    const reader = await t.tenant.as('viewer');
    await pauseReplay();
    try {
      // The write succeeds: it went to the primary (a replica refuses writes).
      const created = await createCustomer('Paused');
      expect(created.statusCode).toBe(201);
      const id = created.json().id as string;
      expect(await sql`select 1 from customers where id = ${id}`.execute(primary.db)).toMatchObject({
        rows: [{}],
      });

      // Another admin's plain reads run on the replica, which has not replayed the write yet.
      expect(await listed('Paused', reader)).toBe(false);
      const theirs = await t.app.inject({ method: 'GET', url: `/admin/v1/customers/${id}`, headers: reader });
      expect(theirs.statusCode).toBe(404);

      // The writer reads its own write, by its credential alone (no cookie) …
      expect(await listed('Paused', t.tenant.auth)).toBe(true);
      const mine = await t.app.inject({
        method: 'GET',
        url: `/admin/v1/customers/${id}`,
        headers: t.tenant.auth,
      });
      expect(mine.statusCode).toBe(200);

      // … and a browser by the cookie the write set, whichever credential and process it reaches.
      const cookie = [created.headers['set-cookie']].flat().find((c) => c?.startsWith('clientele_wrote='));
      expect(cookie).toMatch(/Max-Age=2; Path=\/; HttpOnly; SameSite=Strict/);
      expect(await listed('Paused', { ...reader, cookie: cookie!.split(';')[0]! })).toBe(true);

      // Once the window has passed, the writer's reads go back to the replica.
      await sleep(WINDOW_MS + 200);
      expect(await listed('Paused', t.tenant.auth)).toBe(false);
    } finally {
      await resumeReplay();
    }
    await eventually(() => listed('Paused', reader), 'the replica to catch up');
  });

  it('keeps an API-key client’s reads on the primary in another process, through Redis', async () => {
    // A second app on the same primary, replica and Redis stands for a second API process.
    const other = await buildApp({
      db: primary.db,
      reader: replica.db,
      config: testConfig({ readYourWritesMs: WINDOW_MS }),
      redis,
      logger: false,
    });
    await other.ready();
    const key = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/api-keys',
      headers: t.tenant.auth,
      payload: { name: 'replica test', role: 'admin' },
    });
    expect(key.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${key.json().key}` };
    await sleep(WINDOW_MS + 200);
    await pauseReplay();
    try {
      const created = await t.app.inject({
        method: 'POST',
        url: '/admin/v1/customers',
        headers: bearer,
        payload: { firstName: 'Replica', lastName: 'Keyed', email: 'keyed@example.com' },
      });
      expect(created.statusCode).toBe(201);
      const read = await other.inject({ method: 'GET', url: '/admin/v1/customers?q=keyed', headers: bearer });
      expect(read.statusCode).toBe(200);
      expect(read.json().data).toMatchObject([{ lastName: 'Keyed' }]);
      const viewer = await t.tenant.as('viewer');
      const stale = await other.inject({
        method: 'GET',
        url: '/admin/v1/customers?q=keyed',
        headers: viewer,
      });
      expect(stale.json().data).toEqual([]);
    } finally {
      await resumeReplay();
      await other.close();
    }
  });

  it('is wired by `clientele serve`: DATABASE_REPLICA_URL serves its lists, the writer reads the primary', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    const name = new URL(primary.url!).pathname.slice(1);
    let output = '';
    const child = spawn(
      process.execPath,
      [join(process.cwd(), 'bin', 'clientele.js'), 'serve', '--no-worker'],
      {
        env: {
          ...process.env,
          DATABASE_URL: primary.url,
          DATABASE_REPLICA_URL: withDatabase(replicaUrl, name),
          CLIENTELE_READ_YOUR_WRITES_MS: '1000',
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await eventually(async () => {
        if (child.exitCode !== null) throw new Error(`serve exited:\n${output}`);
        return output.includes('Clientele is running');
      }, 'serve to start');
      const base = `http://127.0.0.1:${port}/admin/v1`;
      // Credentials are rows on the primary: this app's session and key work on the served process.
      const session = await t.tenant.as('viewer');
      const key = await t.app.inject({
        method: 'POST',
        url: '/admin/v1/api-keys',
        headers: t.tenant.auth,
        payload: { name: 'serve replica', role: 'admin' },
      });
      const bearer = { authorization: `Bearer ${key.json().key}` };
      const names = async (headers: Record<string, string>) => {
        const res = await fetch(`${base}/customers?q=served`, { headers });
        expect(res.status).toBe(200);
        return ((await res.json()) as { data: { lastName: string }[] }).data.map((c) => c.lastName);
      };
      await pauseReplay();
      try {
        const created = await fetch(`${base}/customers`, {
          method: 'POST',
          headers: { ...bearer, 'content-type': 'application/json' },
          body: JSON.stringify({ firstName: 'Replica', lastName: 'Served', email: 'served@example.com' }),
        });
        expect(created.status).toBe(201);
        expect(await names(session)).toEqual([]);
        expect(await names(bearer)).toEqual(['Served']);
      } finally {
        await resumeReplay();
      }
      await eventually(async () => (await names(session)).includes('Served'), 'the replica to catch up');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('refuses to start `clientele serve` with an unreachable DATABASE_REPLICA_URL, naming it', async () => {
    const child = spawn(
      process.execPath,
      [join(process.cwd(), 'bin', 'clientele.js'), 'serve', '--no-worker'],
      {
        env: {
          ...process.env,
          DATABASE_URL: primary.url,
          DATABASE_REPLICA_URL: 'postgres://postgres:secret-password@127.0.0.1:1/nowhere',
          PORT: '0',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(output).toContain('DATABASE_REPLICA_URL');
    expect(output).not.toContain('secret-password');
  });

  it('reads from the primary while the replica does not answer', async () => {
    // A replica nobody listens for: the app notices at its first probe and reads the primary.
    const gone = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/gone', poolSize: 1 });
    const app = await buildApp({
      db: primary.db,
      reader: gone.db,
      config: testConfig({ readYourWritesMs: WINDOW_MS }),
      logger: false,
    });
    await app.ready();
    try {
      const viewer = await t.tenant.as('viewer');
      await eventually(async () => {
        const res = await app.inject({
          method: 'GET',
          url: '/admin/v1/customers?q=replayed',
          headers: viewer,
        });
        return res.statusCode === 200;
      }, 'reads to fall back to the primary');
      const res = await app.inject({ method: 'GET', url: '/admin/v1/customers?q=replayed', headers: viewer });
      expect(res.json().data).toMatchObject([{ lastName: 'Replayed' }]);
    } finally {
      await app.close();
      await gone.close();
    }
  });
});
