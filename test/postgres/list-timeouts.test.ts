import { request } from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureListPlans, listPlan, withinTime } from '../../src/lib/list/plan.js';
import { make } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * Issue #12 on PostgreSQL only: PGlite runs one statement at a time in-process, with neither
 * statement timeouts nor a second connection to cancel from (there the walk's row budget is the
 * bound, tested in test/api/list-plans.test.ts). A table lock held by another connection stands
 * in for a slow statement: the list's statement waits on it, running, until it is cut short.
 */
let t: TestApp;
let url: string;
let baseUrl: string;
const saved = { ...listPlan };

beforeAll(async () => {
  t = await createTestApp({ config: { listTimeoutMs: 60_000 } });
  url = (t.handle as { url?: string }).url!;
  for (let i = 0; i < 5; i++) await make.customer(t.tenant, { lastName: `Waiting ${i}` });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
}, 60_000);
afterAll(async () => {
  configureListPlans(saved);
  await t.close();
});

/** Holds an exclusive lock on customers until released: every read of the table waits. */
async function lockCustomers() {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('begin');
  await client.query('lock table customers in access exclusive mode');
  return {
    release: async () => {
      await client.query('rollback');
      await client.end();
    },
  };
}

/** The application_name of each statement of the list still running in this database (other than this query). */
async function runningListNames(): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select application_name from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and state = 'active'
          and query like '%from "customers"%'`,
    );
    return rows.map((row) => row.application_name);
  } finally {
    await client.end();
  }
}

const runningListStatements = async () => (await runningListNames()).length;

async function until(check: () => Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

const FILTERED = `/admin/v1/customers?filter=${encodeURIComponent('lastName co "wait"')}`;

describe('no list statement runs unbounded', () => {
  it('a statement past its time answers 503 list.timeout, and leaves nothing running', async () => {
    configureListPlans({ timeoutMs: 300 });
    const lock = await lockCustomers();
    try {
      const started = Date.now();
      const res = await t.app.inject({ method: 'GET', url: FILTERED, headers: t.tenant.auth });
      expect(res.statusCode, res.body).toBe(503);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('list.timeout');
      // The collect plan's estimate, then the walk: two statements' time at most, not 60 s.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await runningListStatements()).toBe(0);
    } finally {
      await lock.release();
      configureListPlans({ timeoutMs: saved.timeoutMs });
    }
  });

  it('a client that goes away cancels its statement', async () => {
    configureListPlans({ timeoutMs: 60_000 });
    const lock = await lockCustomers();
    try {
      const req = request(`${baseUrl}${FILTERED}`, { headers: t.tenant.auth });
      req.on('error', () => undefined);
      req.end();
      // The statement waits on the lock, running in PostgreSQL…
      expect(await until(async () => (await runningListStatements()) > 0, 10_000)).toBe(true);
      // …under its transaction's own name, which is what the cancel looks for.
      expect(await runningListNames()).toEqual([expect.stringMatching(/^clientele list [0-9a-f]{16}$/)]);
      req.destroy();
      // …and is gone soon after the client is, while the lock it waited on is still held.
      expect(await until(async () => (await runningListStatements()) === 0, 3000)).toBe(true);
    } finally {
      await lock.release();
    }
  });

  it('a count that runs out of its time answers null instead of holding the page', async () => {
    const started = Date.now();
    const counted = await withinTime(t.tenant.ctx, 100, async (trx) => {
      await trx.db.selectNoFrom((eb) => eb.fn('pg_sleep', [eb.val(5)]).as('slept')).execute();
      return 1;
    });
    expect(counted).toBeNull();
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
