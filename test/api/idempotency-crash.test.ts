import { type ChildProcess, spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { type CliWorld, cli, cliWorld } from '../helpers/cli.js';
import { engine } from '../helpers/db.js';

/**
 * The built `clientele serve` in a child process, killed with SIGKILL while it records orders,
 * then started again on the same database (PostgreSQL: a database of its own; PGlite: a data
 * folder of its own, reopened after the crash).
 */
const EMAIL = 'owner@crash.test';
const PASSWORD = 'crash-test-password';
const ORDERS = 16;

let world: CliWorld;
/** PostgreSQL: holds a lock that orders wait behind, and watches them wait (its own session: a
 * transaction sees pg_stat_activity as of its first look). */
let stall: pg.Client | null = null;
let watch: pg.Client | null = null;
let dataDir: string;
let env: NodeJS.ProcessEnv;
let children: ChildProcess[];

beforeAll(async () => {
  world = await cliWorld('crash', {
    PORT: '0',
    HOST: '127.0.0.1',
    CLIENTELE_ADMIN_EMAIL: EMAIL,
    CLIENTELE_ADMIN_PASSWORD: PASSWORD,
    CLIENTELE_RATE_LIMIT: '0',
    CLIENTELE_SIGNIN_RATE_LIMIT: '0',
    CLIENTELE_WORKER: 'false',
  });
  ({ dataDir, env, children } = world);
});
afterAll(async () => {
  await stall?.end();
  await watch?.end();
  await world.close();
});

/** Starts `clientele serve` and answers its base URL once it listens. */
async function startServer() {
  const child = spawn(process.execPath, [cli, 'serve', '--no-worker'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /Admin app:\s+(http:\/\/[^/\s]+)\//.exec(output);
      if (found) resolve(found[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening:\n${output}`)));
  });
  const login = await fetch(`${baseUrl}/admin/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  const authorization = `Bearer ${token}`;
  const sites = (await (await fetch(`${baseUrl}/admin/v1/sites`, { headers: { authorization } })).json()) as {
    data: { id: string }[];
  };
  return { child, baseUrl, authorization, siteId: sites.data[0]!.id };
}

type Server = Awaited<ReturnType<typeof startServer>>;

const orderBody = (siteId: string, i: number) => ({
  siteId,
  number: `CRASH-${i}`,
  currency: 'USD',
  customer: { email: `crash-${i}@example.com`, firstName: 'Cara', lastName: `Crash ${i}` },
  lines: Array.from({ length: 20 }, (_, n) => ({
    sku: `SKU-${n}`,
    name: `Item ${n}`,
    quantity: 1,
    unitPrice: 100,
  })),
  total: 2000,
  placedAt: '2026-01-10T10:00:00.000Z',
});

const placeOrder = (server: Server, i: number) =>
  fetch(`${server.baseUrl}/admin/v1/orders`, {
    method: 'POST',
    headers: {
      authorization: server.authorization,
      'content-type': 'application/json',
      'idempotency-key': `crash-key-${i}`,
    },
    body: JSON.stringify(orderBody(server.siteId, i)),
  });

const until = async (check: () => Promise<boolean>, what: string) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

/** Keys whose row holds no answer: what a crash strands when a claim commits before its work. */
async function unansweredKeys() {
  const handle =
    engine === 'postgres' ? await openDatabase({ url: env.DATABASE_URL }) : await openDatabase({ dataDir });
  try {
    const rows = await handle.db
      .selectFrom('idempotencyKeys')
      .select('key')
      .where('responseStatus', 'is', null)
      .execute();
    return rows.length;
  } finally {
    await handle.close();
  }
}

describe('an Idempotency-Key after the server dies mid-request', () => {
  it('is retryable at once on the next server: every order recorded exactly once, none stuck in 409', async () => {
    const first = await startServer();
    const answered: number[] = [];
    if (engine === 'postgres') {
      // Orders wait behind this lock, so all of them are certainly mid-request at the kill.
      stall = new pg.Client({ connectionString: env.DATABASE_URL, application_name: 'crash-test' });
      watch = new pg.Client({ connectionString: env.DATABASE_URL, application_name: 'crash-test' });
      await stall.connect();
      await watch.connect();
      await stall.query('begin');
      await stall.query('lock table orders in share mode');
    }
    const requests = Array.from({ length: ORDERS }, (_, i) =>
      placeOrder(first, i).then(
        (res) => answered.push(res.status),
        () => undefined,
      ),
    );
    if (watch) {
      await until(async () => {
        const waiting = await watch!.query(
          `select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`,
        );
        return waiting.rows[0].n === ORDERS;
      }, 'the orders to wait on the lock');
    } else {
      // PGlite runs one transaction at a time: the kill lands after the first answer, with the rest queued.
      await until(async () => answered.length > 0, 'the first order');
    }
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    await Promise.all(requests);
    expect(answered.length).toBeLessThan(ORDERS);
    if (stall && watch) {
      await stall.query('commit');
      // The dead server's backends end once they are no longer blocked and find their client gone.
      await until(async () => {
        const open = await watch!.query(
          `select count(*)::int as n from pg_stat_activity
            where datname = current_database() and application_name <> 'crash-test'`,
        );
        return open.rows[0].n === 0;
      }, "the dead server's connections to close");
    }
    expect(await unansweredKeys(), 'keys left claimed without an answer').toBe(0);

    const second = await startServer();
    const retried = await Promise.all(Array.from({ length: ORDERS }, (_, i) => placeOrder(second, i)));
    const statuses = retried.map((res) => res.status);
    expect(statuses).toEqual(Array(ORDERS).fill(201));
    const list = (await (
      await fetch(`${second.baseUrl}/admin/v1/orders?limit=200`, {
        headers: { authorization: second.authorization },
      })
    ).json()) as { data: { number: string }[] };
    const numbers = list.data.map((o) => o.number).sort();
    expect(numbers).toEqual(Array.from({ length: ORDERS }, (_, i) => `CRASH-${i}`).sort());
    const stopped = new Promise((resolve) => second.child.once('exit', resolve));
    second.child.kill('SIGTERM');
    await stopped;
  }, 120_000);
});
