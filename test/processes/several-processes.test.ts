import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { createTestDatabase } from '../helpers/db.js';
import { startSink } from '../helpers/smtp-sink.js';

/**
 * The production shape of issue #17 point 6 with real processes: two API processes
 * (`clientele serve --no-worker`) and two workers (`clientele worker`) on one PostgreSQL database,
 * sharing rate-limit counters through Redis (TEST_REDIS_URL) and sending through one SMTP sink.
 * Sessions, API keys and rate limits must hold on either API process, and each queued email and
 * job must be done once although two workers poll for them.
 */
const cli = join(process.cwd(), 'bin', 'clientele.js');
const RATE_LIMIT = 30;
const OWNER = { email: 'owner@processes.test', password: 'correct horse battery staple' };

let handle: DatabaseHandle & { url?: string };
let sink: Awaited<ReturnType<typeof startSink>>;
const children: ChildProcess[] = [];
let a: string;
let b: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function start(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [cli, ...args], {
    env: {
      ...process.env,
      DATABASE_URL: handle.url,
      REDIS_URL: process.env.TEST_REDIS_URL,
      SMTP_URL: sink.url,
      LOG_LEVEL: 'warn',
      CLIENTELE_RATE_LIMIT: String(RATE_LIMIT),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  children.push(child);
  return { child, output: () => output };
}

/** Starts `clientele serve --no-worker` on a port of its own; answers its base URL once it is up. */
async function serve(env: NodeJS.ProcessEnv = {}): Promise<string> {
  const port = await freePort();
  const { child, output } = start(['serve', '--no-worker'], {
    PORT: String(port),
    HOST: '127.0.0.1',
    ...env,
  });
  for (let waited = 0; !output().includes('Clientele is running'); waited += 100) {
    if (child.exitCode !== null || waited > 60_000) throw new Error(`serve did not start:\n${output()}`);
    await sleep(100);
  }
  return `http://127.0.0.1:${port}`;
}

const call = (base: string, method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  fetch(`${base}/admin/v1${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function eventually(check: () => Promise<boolean>, what: string, ms = 60_000) {
  for (let waited = 0; waited < ms; waited += 200) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

let cookie: string;
let bearer: Record<string, string>;

beforeAll(async () => {
  handle = await createTestDatabase();
  sink = await startSink();
  // A first, alone: its start creates the owner; B then finds it there.
  a = await serve({ CLIENTELE_ADMIN_EMAIL: OWNER.email, CLIENTELE_ADMIN_PASSWORD: OWNER.password });
  b = await serve();
  start(['worker'], {});
  start(['worker'], {});
  const login = await call(a, 'POST', '/auth/login', {}, OWNER);
  expect(login.status).toBe(200);
  cookie = login.headers
    .getSetCookie()
    .find((c) => c.startsWith('clientele_admin='))!
    .split(';')[0]!;
  const key = await call(a, 'POST', '/api-keys', { cookie }, { name: 'processes', role: 'admin' });
  expect(key.status).toBe(201);
  bearer = { authorization: `Bearer ${((await key.json()) as { key: string }).key}` };
});

afterAll(async () => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  await sink?.close();
  await handle?.close();
});

describe('two API processes and two workers on one database', () => {
  it('takes a session cookie from A on B, and an API key on both', async () => {
    for (const base of [a, b]) {
      expect((await call(base, 'GET', '/customers', { cookie })).status).toBe(200);
      expect((await call(base, 'GET', '/customers', bearer)).status).toBe(200);
    }
    // Signed out on B, the session is gone on A too, once A's short memory of it has passed.
    const second = await call(b, 'POST', '/auth/login', {}, OWNER);
    const other = second.headers
      .getSetCookie()
      .find((c) => c.startsWith('clientele_admin='))!
      .split(';')[0]!;
    expect((await call(a, 'GET', '/customers', { cookie: other })).status).toBe(200);
    expect((await call(b, 'POST', '/auth/logout', { cookie: other })).status).toBeLessThan(300);
    expect((await call(b, 'GET', '/customers', { cookie: other })).status).toBe(401);
    // A keeps a credential it verified for 2 s (admins.service.ts VERIFIED_TTL_MS), no longer.
    await sleep(2100);
    expect((await call(a, 'GET', '/customers', { cookie: other })).status).toBe(401);
  });

  it('shares one rate limit between A and B through Redis', async () => {
    const key = await call(a, 'POST', '/api-keys', { cookie }, { name: 'limited', role: 'viewer' });
    const limited = { authorization: `Bearer ${((await key.json()) as { key: string }).key}` };
    const statuses: number[] = [];
    // Alternating A and B: the budget is the credential's, wherever it calls.
    for (let i = 0; i < RATE_LIMIT + 2; i++)
      statuses.push((await call(i % 2 === 0 ? a : b, 'GET', '/customers?limit=1', limited)).status);
    expect(statuses.slice(0, RATE_LIMIT)).toEqual(Array(RATE_LIMIT).fill(200));
    expect(statuses.slice(RATE_LIMIT)).toEqual([429, 429]);
    // Both processes refuse it now, not just the one that counted last.
    expect((await call(a, 'GET', '/customers?limit=1', limited)).status).toBe(429);
    expect((await call(b, 'GET', '/customers?limit=1', limited)).status).toBe(429);
  });

  it('sends every invitation queued through A or B exactly once, with two workers polling', async () => {
    const addresses: string[] = [];
    for (let i = 0; i < 8; i++) {
      const base = i % 2 === 0 ? a : b;
      const email = `invitee-${i}@processes.test`;
      const created = await call(base, 'POST', '/customers', bearer, {
        firstName: 'Invitee',
        lastName: `No${i}`,
        email,
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      expect((await call(base, 'POST', `/customers/${id}/invite`, bearer)).status).toBe(200);
      addresses.push(email);
    }
    const to = (address: string) => sink.received.filter((m) => m.envelopeTo.includes(address)).length;
    await eventually(async () => addresses.every((address) => to(address) >= 1), 'the invitations');
    // Two more poll rounds of both workers: a duplicate would have arrived by now.
    await sleep(2500);
    expect(addresses.map(to)).toEqual(addresses.map(() => 1));
  });

  it('runs an import posted to A once', async () => {
    const rows = 300;
    const csv = ['email,firstName,lastName'];
    for (let i = 0; i < rows; i++) csv.push(`imported-${i}@processes.test,Imported,No${i}`);
    const posted = await fetch(`${a}/admin/v1/imports`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'text/csv' },
      body: `${csv.join('\n')}\n`,
    });
    expect(posted.status).toBe(202);
    const { id } = (await posted.json()) as { id: string };
    const job = () =>
      call(b, 'GET', `/jobs/${id}`, { cookie }).then(
        (r) => r.json() as Promise<{ status: string; result: unknown }>,
      );
    await eventually(
      async () => (await job()).status === 'succeeded' || (await job()).status === 'failed',
      'the job',
    );
    expect(await job()).toMatchObject({ status: 'succeeded', result: { created: rows, failed: 0 } });
    const { rows: counted } = await sql<{ n: number }>`
      select count(*)::int as n from customers where email like 'imported-%@processes.test'`.execute(
      handle.db,
    );
    expect(counted[0]?.n).toBe(rows);
  });
});
